package dev.cascade.node.policy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

import dev.cascade.node.events.EventLog;
import dev.cascade.node.events.EventType;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

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
    static final String ALERT_LINEAGE_REFUSED = "policy.lineage-refused";
    static final String ALERT_OWN_PACK_SUSPENDED = "policy.own-pack-suspended";
    static final String ALERT_STORED_PACK_INVALID = "policy.stored-pack-invalid";

    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    Event<PoliciesChanged> changed;

    /** How often a replica compares what is stored with what it enforces. */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

    private volatile PolicyInForce state;
    private LineageVerifier verifier;
    private ScheduledExecutorService refresher;
    /** Per issuer, "version/in_lineage" as this replica last read or wrote the table. */
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
            Map<RegionCode, String> stored = ReactiveBridge.await(() -> pool.preparedQuery(
                            "select issuer, version, in_lineage from policy_pack").execute()
                    .map(rows -> {
                        Map<RegionCode, String> out = new HashMap<>();
                        rows.forEach(r -> out.put(RegionCode.parse(r.getString("issuer")),
                                mark(r.getLong("version"), r.getBoolean("in_lineage"))));
                        return out;
                    }));
            if (stored.equals(storedMarks)) {
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
        ReactiveBridge.await(() -> pool.withTransaction(tx -> lockHeld(tx).chain(rows -> {
            HeldPack stored = rows.get(self);
            if (stored != null && stored.version() >= pack.version()) {
                throw ProblemException.conflict("version " + pack.version() + " of " + pack.id() + " is not above "
                        + stored.packId() + " v" + stored.version() + ", stored meanwhile; raise 'version'");
            }
            return upsert(tx, signed)
                    .chain(() -> events.append(tx, EventType.POLICY_PUBLISHED, actor, pack.id(),
                            pack + " signed (sha256 " + signed.sha256() + "); in force: " + next.enforced().describe()));
        })));
        Map<RegionCode, String> marks = new HashMap<>(storedMarks);
        marks.put(self, mark(pack.version(), true));
        storedMarks = marks;
        install(next);
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
        Optional<String> rolledBackMeanwhile = ReactiveBridge.await(() -> pool.withTransaction(tx -> lockHeld(tx).chain(rows -> {
            // Another replica on this database may have taken a newer lineage since the check above.
            Optional<String> rollback = LineageVerifier.rollback(lineage, rows);
            if (rollback.isPresent()) {
                return Uni.createFrom().item(rollback);
            }
            Uni<Void> writes = Uni.createFrom().voidItem();
            for (SignedPack p : lineage.packs()) {
                writes = writes.chain(() -> upsert(tx, p));
            }
            return writes
                    .chain(() -> tx.preparedQuery("update policy_pack set in_lineage = false where issuer <> all($1) and issuer <> $2")
                            .execute(Tuple.of(lineage.packs().stream().map(p -> p.issuer().code()).toArray(String[]::new),
                                    node.region().code())))
                    .chain(() -> events.append(tx, EventType.POLICY_LINEAGE_ACCEPTED, "link:" + parent, digest, detail))
                    .chain(() -> newlySuspended ? suspension(tx, next) : Uni.createFrom().voidItem())
                    .replaceWith(Optional.<String>empty());
        })));
        if (rolledBackMeanwhile.isPresent()) {
            lastRefusedDigest = digest;
            refuse(parent, rolledBackMeanwhile.get());
            return false;
        }
        lastRefusedDigest = "";
        Map<RegionCode, String> marks = new HashMap<>();
        storedMarks.forEach((issuer, m) -> marks.put(issuer, issuer.equals(node.region()) ? m
                : m.substring(0, m.indexOf('/')) + "/false"));
        lineage.packs().forEach(p -> marks.put(p.issuer(), mark(p.pack().version(), true)));
        storedMarks = marks;
        install(next);
        LOG.infof("policy lineage %s", detail);
        if (newlySuspended) {
            LOG.warnf("own pack %s suspended at %s: it no longer composes under the lineage from %s: %s",
                    next.own().orElseThrow(), node.region(), parent, describe(next.ownRefusals()));
        }
        return true;
    }

    private void refuse(RegionCode parent, String reason) {
        String detail = "policy lineage from " + parent + " refused, nothing changed: " + reason;
        LOG.warn(detail);
        ReactiveBridge.await(() -> pool.withTransaction(tx -> alert(tx, ALERT_LINEAGE_REFUSED, parent.code(), detail)
                .chain(() -> events.append(tx, EventType.POLICY_LINEAGE_REFUSED, "link:" + parent, parent.code(), detail))));
    }

    private Uni<Void> suspension(SqlConnection tx, PolicyInForce next) {
        SignedPack own = next.own().orElseThrow();
        String detail = "own pack " + own + " suspended: it does not compose under " + next.ancestors().describe()
                + "; enforcing the ancestors' packs alone. " + describe(next.ownRefusals());
        return alert(tx, ALERT_OWN_PACK_SUSPENDED, own.pack().id(), detail)
                .chain(() -> events.append(tx, EventType.POLICY_OWN_PACK_SUSPENDED, "node", own.pack().id(), detail));
    }

    private static String describe(List<PackRefusal> refusals) {
        return String.join("; ", refusals.stream().map(r -> r.kind() + " " + r.item() + ": " + r.why()).toList());
    }

    // ---------------------------------------------------------------- start-up

    /** Loads what is stored, re-checking each pack's signature: a row altered in the database is not enforced. */
    private void restore() {
        List<Row> rows = ReactiveBridge.await(() -> pool.preparedQuery(
                        "select issuer, pack_id, version, body, signature, in_lineage from policy_pack")
                .execute().map(rs -> {
                    List<Row> out = new ArrayList<>();
                    rs.forEach(out::add);
                    return out;
                }));
        RegionCode self = node.region();
        Map<RegionCode, HeldPack> held = new HashMap<>();
        Map<RegionCode, String> marks = new HashMap<>();
        List<SignedPack> ancestors = new ArrayList<>();
        SignedPack own = null;
        List<String> invalid = new ArrayList<>();
        for (Row r : rows) {
            RegionCode issuer = RegionCode.parse(r.getString("issuer"));
            byte[] body = r.getBuffer("body").getBytes();
            held.put(issuer, new HeldPack(issuer, r.getString("pack_id"), r.getLong("version"), SignedPack.sha256(body)));
            marks.put(issuer, mark(r.getLong("version"), r.getBoolean("in_lineage")));
            boolean ours = issuer.equals(self);
            if (!ours && !(r.getBoolean("in_lineage") && issuer.isAncestorOf(self))) {
                continue;
            }
            PackVerification check = reverify(body, r.getBuffer("signature").getBytes());
            if (check instanceof PackVerification.Refused refused) {
                invalid.add(issuer + " " + r.getString("pack_id") + " v" + r.getLong("version") + ": " + refused.failure() + ": "
                        + refused.detail());
                continue;
            }
            SignedPack signed = new SignedPack(((PackVerification.Verified) check).pack(), body, r.getBuffer("signature").getBytes());
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
            ReactiveBridge.await(() -> pool.withTransaction(tx -> alert(tx, ALERT_STORED_PACK_INVALID, self.code(), detail)));
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

    private static String mark(long version, boolean inLineage) {
        return version + "/" + inLineage;
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
        ReactiveBridge.await(() -> pool.withTransaction(tx -> tx.preparedQuery(
                        "insert into policy_pack (issuer, pack_id, version, body, signature, in_lineage, recorded_at)"
                                + " values ($1, $2, $3, $4, $5, true, $6) on conflict (issuer) do nothing")
                .execute(Tuple.from(List.of(node.region().code(), pack.id(), pack.version(), Buffer.buffer(bytes),
                        Buffer.buffer(signed.signature()), now())))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : events.append(tx, EventType.POLICY_PUBLISHED, "node", pack.id(),
                                "bundled " + pack + " signed at first start (sha256 " + signed.sha256() + ")"))));
        LOG.infof("national node bootstrapped with the bundled %s", pack);
    }

    // ---------------------------------------------------------------- storage

    private void install(PolicyInForce next) {
        state = next;
        changed.fire(new PoliciesChanged(next.enforced()));
    }

    /** Every stored pack's mark, rows locked: publications and lineages serialise, across replicas too. */
    private Uni<Map<RegionCode, HeldPack>> lockHeld(SqlConnection tx) {
        return tx.preparedQuery("select issuer, pack_id, version, body from policy_pack order by issuer for update")
                .execute()
                .map(rows -> {
                    Map<RegionCode, HeldPack> out = new HashMap<>();
                    for (Row r : rows) {
                        RegionCode issuer = RegionCode.parse(r.getString("issuer"));
                        out.put(issuer, new HeldPack(issuer, r.getString("pack_id"), r.getLong("version"),
                                SignedPack.sha256(r.getBuffer("body").getBytes())));
                    }
                    return out;
                });
    }

    private Uni<Void> upsert(SqlConnection tx, SignedPack p) {
        return tx.preparedQuery("insert into policy_pack (issuer, pack_id, version, body, signature, in_lineage, recorded_at)"
                        + " values ($1, $2, $3, $4, $5, true, $6) on conflict (issuer) do update set pack_id = excluded.pack_id,"
                        + " version = excluded.version, body = excluded.body, signature = excluded.signature,"
                        + " in_lineage = excluded.in_lineage,"
                        + " recorded_at = case when policy_pack.body = excluded.body then policy_pack.recorded_at"
                        + " else excluded.recorded_at end")
                .execute(Tuple.from(List.of(p.issuer().code(), p.pack().id(), p.pack().version(), Buffer.buffer(p.body()),
                        Buffer.buffer(p.signature()), now())))
                .replaceWithVoid();
    }

    private Uni<Void> alert(SqlConnection tx, String kind, String subject, String detail) {
        String bounded = detail.length() <= 2000 ? detail : detail.substring(0, 1990) + " [cut]";
        return tx.preparedQuery("insert into alert (raised_at, kind, subject, detail) values ($1, $2, $3, $4)")
                .execute(Tuple.of(now(), kind, subject, bounded))
                .replaceWithVoid();
    }

    private OffsetDateTime now() {
        return node.clock().instant().atOffset(ZoneOffset.UTC);
    }

    private static HeldPack heldOf(SignedPack p) {
        return new HeldPack(p.issuer(), p.pack().id(), p.pack().version(), p.sha256());
    }
}
