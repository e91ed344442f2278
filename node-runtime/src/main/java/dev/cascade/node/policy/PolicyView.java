package dev.cascade.node.policy;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.cascade.policy.inherit.PackRefusal;

/**
 * The policy a node enforces, as the admin API and {@code cascade-node policy show} report it.
 *
 * @param summary the packs in force, e.g. "national-baseline v1 (100000) + guangdong-example v2 (440000)"
 * @param digest  the lineage digest heartbeats compare (empty while nothing is in force)
 */
@Schema(name = "Policy", description = "The policy packs a node enforces, national first, and its own pack's state")
public record PolicyView(
        @Schema(example = "440100") String region,
        @Schema(description = "false until a node below national has received its ancestors' lineage") boolean inForce,
        @Schema(example = "national-baseline v1 (100000) + guangdong-example v2 (440000)") String summary,
        @Schema(description = "SHA-256 over every pack and signature in force, in order") String digest,
        List<Pack> packs,
        @Schema(description = "This node's own pack, when it has one") OwnPack ownPack) {

    @Schema(name = "PolicyPackInForce")
    public record Pack(@Schema(example = "440000") String issuer, @Schema(example = "guangdong-example") String id,
                       @Schema(example = "2") long version, String title,
                       @Schema(description = "SHA-256 of the pack file's exact bytes, hex") String sha256) {
    }

    @Schema(name = "OwnPolicyPack")
    public record OwnPack(String id, long version, String sha256,
                          @Schema(enumeration = {"enforced", "suspended", "waiting-for-lineage"}) String state,
                          @Schema(description = "why a suspended pack no longer composes under its ancestors") List<Refusal> refusals) {
    }

    @Schema(name = "PolicyPackRefusal")
    public record Refusal(@Schema(example = "MASK_WEAKENED") String kind, @Schema(example = "guangdong-example") String pack,
                          @Schema(example = "sensitive-types.mobile.mask") String item, String why) {

        static Refusal of(PackRefusal r) {
            return new Refusal(r.kind().name(), r.packId(), r.item(), r.why());
        }
    }

    static PolicyView of(PolicyInForce p) {
        List<Pack> packs = p.enforced().packs().stream()
                .map(s -> new Pack(s.issuer().code(), s.pack().id(), s.pack().version(), s.pack().title(), s.sha256()))
                .toList();
        OwnPack own = p.own().map(s -> new OwnPack(s.pack().id(), s.pack().version(), s.sha256(), stateName(p.ownState()),
                p.ownRefusals().stream().map(Refusal::of).toList())).orElse(null);
        return new PolicyView(p.region().code(), p.engine().isPresent(),
                p.engine().isPresent() ? p.enforced().describe() : "none in force", p.enforced().digest(), packs, own);
    }

    private static String stateName(PolicyInForce.OwnState state) {
        return switch (state) {
            case ENFORCED -> "enforced";
            case SUSPENDED -> "suspended";
            case WAITING_FOR_LINEAGE -> "waiting-for-lineage";
            case NONE -> "none";
        };
    }
}
