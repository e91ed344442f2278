package dev.cascade.node.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRefusal;
import dev.cascade.policy.inherit.PackRefusedException;
import dev.cascade.protocol.region.RegionCode;

/**
 * The policy a node enforces, computed from what it holds: its ancestors' lineage (as its parent
 * last sent it) and its own pack. Ancestors always win: when the node's own pack no longer composes
 * under a new lineage, the lineage alone is enforced and the own pack is {@link OwnState#SUSPENDED},
 * with the refusals that say why. Immutable.
 *
 * @param ancestors   the ancestors' packs in force here, national first (empty at the national node)
 * @param own         this node's own pack, if its operator published one (or, nationally, bootstrapped)
 * @param enforced    what this node enforces and sends to its children: ancestors, then its own pack
 *                    if it is enforced
 * @param effective   the composed policy, empty while nothing is in force (a new node before its
 *                    parent's lineage arrived)
 * @param engine      the decision engine over {@code effective}
 * @param ownRefusals why the own pack is suspended; empty otherwise
 * @param held        the newest pack held from each issuer, in force or not (the rollback marks)
 */
public record PolicyInForce(RegionCode region, Lineage ancestors, Optional<SignedPack> own, Lineage enforced,
                            Optional<EffectivePack> effective, Optional<PolicyEngine> engine, OwnState ownState,
                            List<PackRefusal> ownRefusals, Map<RegionCode, HeldPack> held) {

    public enum OwnState {
        /** The node has no pack of its own. */
        NONE,
        /** The own pack composes under the ancestors and is enforced. */
        ENFORCED,
        /** The own pack does not compose under the current lineage; the lineage alone is enforced. */
        SUSPENDED,
        /** A node below national holds its own pack but no lineage from its ancestors yet. */
        WAITING_FOR_LINEAGE
    }

    public PolicyInForce {
        ownRefusals = List.copyOf(ownRefusals);
        held = Map.copyOf(held);
    }

    /**
     * @param ancestors already verified (by {@link LineageVerifier} when it arrived, or on restore)
     * @throws PackRefusedException if the ancestors' packs themselves do not compose
     */
    public static PolicyInForce of(RegionCode region, Lineage ancestors, Optional<SignedPack> own,
                                   Map<RegionCode, HeldPack> held) {
        EffectivePack base = ancestors.isEmpty() ? null : EffectivePack.compose(ancestors.policyPacks());
        if (own.isEmpty()) {
            return new PolicyInForce(region, ancestors, own, ancestors, Optional.ofNullable(base),
                    Optional.ofNullable(base).map(PolicyEngine::new), OwnState.NONE, List.of(), held);
        }
        SignedPack mine = own.get();
        if (base == null && !region.equals(RegionCode.NATIONAL)) {
            return new PolicyInForce(region, ancestors, own, Lineage.EMPTY, Optional.empty(), Optional.empty(),
                    OwnState.WAITING_FOR_LINEAGE, List.of(), held);
        }
        try {
            EffectivePack effective = base == null ? EffectivePack.root(mine.pack()) : base.extend(mine.pack());
            return new PolicyInForce(region, ancestors, own, ancestors.with(mine), Optional.of(effective),
                    Optional.of(new PolicyEngine(effective)), OwnState.ENFORCED, List.of(), held);
        } catch (PackRefusedException e) {
            return new PolicyInForce(region, ancestors, own, ancestors, Optional.ofNullable(base),
                    Optional.ofNullable(base).map(PolicyEngine::new), OwnState.SUSPENDED, e.refusals(), held);
        }
    }

    public static PolicyInForce nothing(RegionCode region) {
        return new PolicyInForce(region, Lineage.EMPTY, Optional.empty(), Lineage.EMPTY, Optional.empty(), Optional.empty(),
                OwnState.NONE, List.of(), Map.of());
    }

    /** The newest own pack version held, 0 if none. */
    public long ownVersion() {
        HeldPack h = held.get(region);
        return h == null ? 0 : h.version();
    }
}
