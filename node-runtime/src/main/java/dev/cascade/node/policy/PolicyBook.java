package dev.cascade.node.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRefusal;
import dev.cascade.policy.inherit.PackRefusedException;
import dev.cascade.policy.pack.PackFormatException;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.policy.pack.ShippedPacks;
import dev.cascade.policy.signing.PackSignature;
import dev.cascade.policy.signing.PackSignatures;
import dev.cascade.policy.signing.PackVerification;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.protocol.region.RegionCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The policy packs this node holds and the policy it enforces: its ancestors' lineage, as its
 * parent sent it over the tier link, and its own pack, as its operator published it (at the national
 * node, the bundled national baseline at first start). Every change is verified first, stored with
 * its event in one transaction, then announced so the link layer floods the new lineage to the
 * children. A lineage that fails any check changes nothing and leaves an alert.
 */
@ApplicationScoped
public class PolicyBook {

    private static final Logger LOG = Logger.getLogger(PolicyBook.class);

    /** How often a replica compares what is stored with what it enforces. */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

    @Inject
    PolicyPackStore store;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    RiskAlerts alerts;
    @Inject
    Event<PoliciesChanged> changed;

    private volatile PolicyInForce state;
    private LineageVerifier verifier;
    private ScheduledExecutorService refresher;
    /** Per issuer, version and lineage membership as this replica last read the table. */
    private Map<RegionCode, String> storedMarks = Map.of();
    /** The last lineage refused, so that a parent re-sending it every heartbeat raises one alert, not hundreds. */
    private String lastRefusedDigest = "";

    /** Before the tier links start (priority 20), so the first heartbeat already carries the right digest. */
    synchronized void start(@Observes @Priority(10) StartupEvent start) {
        verifier = new LineageVerifier(node.region(), node.validator());
        state = PolicyInForce.nothing(node.region());
        restore();
        if (node.region().equals(RegionCode.NATIONAL) && state.own().isEmpty()) {
            bootstrapNationalBaseline();
            restore();
        }
        LOG.infof("policy in force at %s: %s", node.region(), state.engine().isPresent() ? state.enforced().describe()
                : "none yet (waiting for the lineage from the parent)");
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-policy-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshFromDatabase, REFRESH_EVERY.toMillis(), REFRESH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /**
     * Replicas of a node share its database but not its memory: what another replica stored (its
     * operator published there, or its parent link delivered a lineage first) is picked up here
     * within {@link #REFRESH_EVERY}, and sent on to this replica's children.
     */
    synchronized void refreshFromDatabase() {
        try {
            // Read under the lock: a change this replica is writing is either fully stored and marked, or not yet visible.
            if (ReactiveBridge.await(store::marks).equals(storedMarks)) {
                return;
            }
            restore();
            LOG.infof("policy packs changed in the database (another replica); in force now: %s", state.enforced().describe());
            changed.fire(new PoliciesChanged(state.enforced()));
        } catch (RuntimeException e) {
            LOG.warnf("could not compare the stored policy packs with those in force: %s", e.getMessage());
        }
    }

    /** What this node enforces now. */
    public PolicyInForce current() {
        return state;
    }

    /** The decision engine in force; empty at a node below national until its parent's lineage arrived. */
    public Optional<PolicyEngine> engine() {
        return state.engine();
    }

    public PolicyView view() {
        return PolicyView.of(state);
    }

    /** What this node's children must hold: its ancestors' lineage and its own pack if enforced. */
    public Lineage downward() {
        return state.enforced();
    }

    /** What this node holds from its ancestors, reported to its parent in heartbeats. */
    public Lineage fromAncestors() {
        return state.ancestors();
    }

    // ---------------------------------------------------------------- the operator publishes the node's own pack

    /**
     * Publishes this node's own pack: it must name this node as issuer, carry a version above the one
     * held, and compose under the ancestors' packs in force; then it is signed with the node's
     * application key, stored, and flooded to the children.
     *
     * @throws PackFormatException  the bytes are not a valid pack (every problem, with its line)
     * @throws PackRefusedException the pack names another issuer or loosens its ancestors (every refusal)
     * @throws ProblemException     409 when the version is not above the held one, or no lineage arrived yet
     */
    public synchronized PolicyView publish(byte[] bytes, String actor) {
        PolicyPack pack = PolicyPack.parse(bytes, "the published pack");
        PolicyInForce now = state;
        RegionCode self = node.region();
        if (!pack.issuer().equals(self)) {
            throw new PackRefusedException(List.of(new PackRefusal(PackRefusal.Kind.CHAIN_MISMATCH, pack.id(), "issuer",
                    "the pack names issuer " + pack.issuer() + " but is published at " + self
                            + "; a node publishes and signs only its own pack")));
        }
        if (pack.version() <= now.ownVersion()) {
            HeldPack held = now.held().get(self);
            throw ProblemException.conflict("version " + pack.version() + " of " + pack.id() + " is not above " + held.packId()
                    + " v" + held.version() + ", the pack " + self + " already published; raise 'version'");
        }
        if (!self.equals(RegionCode.NATIONAL) && now.ancestors().isEmpty()) {
            throw ProblemException.conflict("no lineage from " + self + "'s ancestors has arrived yet, so the pack cannot be"
                    + " checked against them; publish once the parent link is up and 'policy show' lists the national pack");
        }
        List<PolicyPack> chain = new ArrayList<>(now.ancestors().policyPacks());
        chain.add(pack);
        EffectivePack.compose(chain);
        SignedPack signed = new SignedPack(pack, bytes, PackSignatures.sign(bytes, node.credentials()).toBytes());
        Map<RegionCode, HeldPack> held = new HashMap<>(now.held());
        held.put(self, heldOf(signed));
        PolicyInForce next = PolicyInForce.of(self, now.ancestors(), Optional.of(signed), held);
        Map<RegionCode, String> marks = ReactiveBridge.await(() -> store.inTransaction(tx -> store.lockHeld(tx).chain(rows -> {
            HeldPack stored = rows.get(self);
            if (stored != null && stored.version() >= pack.version()) {
                throw ProblemException.conflict("version " + pack.version() + " of " + pack.id() + " is not above "
                        + stored.packId() + " v" + stored.version() + ", stored meanwhile; raise 'version'");
            }
            return store.put(tx, signed, now())
                    .chain(() -> events.append(tx, EventType.POLICY_PUBLISHED, actor, pack.id(),
                            pack + " signed (sha256 " + signed.sha256() + "); in force: " + next.enforced().describe()))
                    .chain(() -> store.marks(tx));
        })));
        install(next, marks);
        LOG.infof("%s published %s; in force: %s", actor, pack, next.enforced().describe());
        return PolicyView.of(next);
    }

    // ---------------------------------------------------------------- the parent sends its lineage

    /**
     * Takes the lineage the parent sent: verified in full (see {@link LineageVerifier}), then stored
     * and enforced with this node's own pack below it where that still composes. A refused lineage
     * changes nothing and leaves an alert.
     *
     * @return true if what this node enforces changed
     */
    public synchronized boolean acceptFromParent(PolicyLineage wire, RegionCode parent) {
        PolicyInForce now = state;
        String digest = Lineage.digestOf(wire);
        if (digest.equals(now.ancestors().digest())) {
            return false;
        }
        if (digest.equals(lastRefusedDigest)) {
            LOG.debugf("the lineage %s from %s was refused before; ignored", digest, parent);
            return false;
        }
        LineageVerdict verdict = verifier.verify(wire, now.held());
        if (verdict instanceof LineageVerdict.Refused refused) {
            lastRefusedDigest = digest;
            refuse(parent, refused.reason());
            return false;
        }
        Lineage lineage = ((LineageVerdict.Accepted) verdict).lineage();
        Map<RegionCode, HeldPack> held = new HashMap<>(now.held());
        lineage.packs().forEach(p -> held.put(p.issuer(), heldOf(p)));
        PolicyInForce next = PolicyInForce.of(node.region(), lineage, now.own(), held);
        boolean newlySuspended = next.ownState() == PolicyInForce.OwnState.SUSPENDED
                && !(now.ownState() == PolicyInForce.OwnState.SUSPENDED && now.ownRefusals().equals(next.ownRefusals()));
        String detail = "from " + parent + ": " + lineage.describe() + "; in force: " + next.enforced().describe()
                + (next.ownState() == PolicyInForce.OwnState.SUSPENDED ? " (own pack suspended)" : "");
        Stored stored = ReactiveBridge.await(() -> store.inTransaction(tx -> store.lockHeld(tx).chain(rows -> {
            // Another replica on this database may have taken a newer lineage since the check above.
            Optional<String> rollback = LineageVerifier.rollback(lineage, rows);
            if (rollback.isPresent()) {
                return Uni.createFrom().item(new Stored(rollback, Map.of()));
            }
            Uni<Void> writes = Uni.createFrom().voidItem();
            for (SignedPack p : lineage.packs()) {
                writes = writes.chain(() -> store.put(tx, p, now()));
            }
            return writes
                    .chain(() -> store.keepOnly(tx, lineage, node.region()))
                    .chain(() -> events.append(tx, EventType.POLICY_LINEAGE_ACCEPTED, "link:" + parent, digest, detail))
                    .chain(() -> newlySuspended ? suspension(tx, next) : Uni.createFrom().voidItem())
                    .chain(() -> store.marks(tx))
                    .map(marks -> new Stored(Optional.empty(), marks));
        })));
        if (stored.refusal().isPresent()) {
            lastRefusedDigest = digest;
            refuse(parent, stored.refusal().get());
            return false;
        }
        lastRefusedDigest = "";
        install(next, stored.marks());
        LOG.infof("policy lineage %s", detail);
        if (newlySuspended) {
            LOG.warnf("own pack %s suspended at %s: it no longer composes under the lineage from %s: %s",
                    next.own().orElseThrow(), node.region(), parent, describe(next.ownRefusals()));
        }
        return true;
    }

    /** What a lineage's transaction came to: refused after all (a rollback), or stored with these marks. */
    private record Stored(Optional<String> refusal, Map<RegionCode, String> marks) {
    }

    private void refuse(RegionCode parent, String reason) {
        String detail = "policy lineage from " + parent + " refused, nothing changed: " + reason;
        LOG.warn(detail);
        ReactiveBridge.await(() -> store.inTransaction(tx -> alerts.raise(tx, new RiskAlerts.Raise(EventType.POLICY_LINEAGE_REFUSED,
                PolicyPackStore.ALERT_LINEAGE_REFUSED, Severity.HIGH, parent.code(), detail, List.of()), node.clock().instant())
                .replaceWithVoid()));
    }

    private Uni<Void> suspension(SqlConnection tx, PolicyInForce next) {
        SignedPack own = next.own().orElseThrow();
        String detail = "own pack " + own + " suspended: it does not compose under " + next.ancestors().describe()
                + "; enforcing the ancestors' packs alone. " + describe(next.ownRefusals());
        return alerts.raise(tx, new RiskAlerts.Raise(EventType.POLICY_OWN_PACK_SUSPENDED, PolicyPackStore.ALERT_OWN_PACK_SUSPENDED,
                Severity.HIGH, own.pack().id(), detail, List.of()), node.clock().instant()).replaceWithVoid();
    }

    private static String describe(List<PackRefusal> refusals) {
        return String.join("; ", refusals.stream().map(r -> r.kind() + " " + r.item() + ": " + r.why()).toList());
    }

    // ---------------------------------------------------------------- start-up

    /** Loads what is stored, re-checking each pack's signature: a row altered in the database is not enforced. */
    private void restore() {
        List<PolicyPackStore.StoredPack> rows = ReactiveBridge.await(store::all);
        RegionCode self = node.region();
        Map<RegionCode, HeldPack> held = new HashMap<>();
        Map<RegionCode, String> marks = new HashMap<>();
        List<SignedPack> ancestors = new ArrayList<>();
        SignedPack own = null;
        List<String> invalid = new ArrayList<>();
        for (PolicyPackStore.StoredPack row : rows) {
            held.put(row.issuer(), row.held());
            marks.put(row.issuer(), row.mark());
            boolean ours = row.issuer().equals(self);
            if (!ours && !(row.inLineage() && row.issuer().isAncestorOf(self))) {
                continue;
            }
            PackVerification check = reverify(row.body(), row.signature());
            if (check instanceof PackVerification.Refused refused) {
                invalid.add(row.issuer() + " " + row.packId() + " v" + row.version() + ": " + refused.failure() + ": "
                        + refused.detail());
                continue;
            }
            SignedPack signed = new SignedPack(((PackVerification.Verified) check).pack(), row.body(), row.signature());
            if (ours) {
                own = signed;
            } else {
                ancestors.add(signed);
            }
        }
        ancestors.sort(Comparator.comparingInt(p -> p.issuer().tier().ordinal()));
        Lineage lineage = new Lineage(ancestors);
        if (!invalid.isEmpty()) {
            // An ancestor missing from the middle would misplace the rest: hold none of them, the parent sends them again.
            lineage = Lineage.EMPTY;
            String detail = "stored policy packs fail their signature check and are not enforced: " + String.join("; ", invalid);
            LOG.error(detail);
            ReactiveBridge.await(() -> store.inTransaction(tx -> alerts.raise(tx, new RiskAlerts.Raise(
                    EventType.POLICY_STORED_PACK_INVALID, PolicyPackStore.ALERT_STORED_PACK_INVALID, Severity.CRITICAL, self.code(),
                    detail, List.of()), node.clock().instant()).replaceWithVoid()));
        }
        PolicyInForce restored;
        try {
            restored = PolicyInForce.of(self, lineage, Optional.ofNullable(own), held);
        } catch (PackRefusedException e) {
            LOG.errorf("stored ancestors' packs do not compose, waiting for the parent to send them again: %s", e.getMessage());
            restored = PolicyInForce.of(self, Lineage.EMPTY, Optional.ofNullable(own), held);
        }
        state = restored;
        storedMarks = marks;
    }

    /** The signature over the stored bytes, with the certificate the signature file carries. */
    private static PackVerification reverify(byte[] body, byte[] signatureFile) {
        PackSignature signature;
        try {
            signature = PackSignature.parse(signatureFile);
        } catch (IllegalArgumentException e) {
            return new PackVerification.Refused(PackVerification.Failure.SIGNATURE_MALFORMED, e.getMessage());
        }
        return PackSignatures.verify(body, signature, signature.signer());
    }

    /** At the national node's first start: the bundled baseline, signed by this node, becomes its pack. */
    private void bootstrapNationalBaseline() {
        byte[] bytes = ShippedPacks.bytes(ShippedPacks.NATIONAL_BASELINE);
        PolicyPack pack = PolicyPack.parse(bytes, "bundled " + ShippedPacks.NATIONAL_BASELINE);
        SignedPack signed = new SignedPack(pack, bytes, PackSignatures.sign(bytes, node.credentials()).toBytes());
        ReactiveBridge.await(() -> store.inTransaction(tx -> store.putIfAbsent(tx, signed, now())
                .chain(inserted -> !inserted ? Uni.createFrom().voidItem()
                        : events.append(tx, EventType.POLICY_PUBLISHED, "node", pack.id(),
                                "bundled " + pack + " signed at first start (sha256 " + signed.sha256() + ")"))));
        LOG.infof("national node bootstrapped with the bundled %s", pack);
    }

    /** Takes effect here and for the children; {@code marks} are what the change committed, so the refresher sees nothing new. */
    private void install(PolicyInForce next, Map<RegionCode, String> marks) {
        state = next;
        storedMarks = marks;
        changed.fire(new PoliciesChanged(next.enforced()));
    }

    private Instant now() {
        return node.clock().instant();
    }

    private static HeldPack heldOf(SignedPack p) {
        return new HeldPack(p.issuer(), p.pack().id(), p.pack().version(), p.sha256());
    }
}
