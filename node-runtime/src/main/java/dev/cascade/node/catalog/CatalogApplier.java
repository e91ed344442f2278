package dev.cascade.node.catalog;

import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.trust.DerChain;
import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.proto.catalog.v1.ChangeAck;
import dev.cascade.proto.catalog.v1.SignedChange;
import dev.cascade.protocol.catalog.AppliedRun;
import dev.cascade.protocol.catalog.CatalogChange;
import dev.cascade.protocol.catalog.ChangeKind;
import dev.cascade.protocol.catalog.ChangeCheck;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.catalog.OriginOrder;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.proto.catalog.v1.SignedCheckpoint;
import dev.cascade.protocol.catalog.Checkpoint;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.SignatureVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies catalog changes that arrive over a tier link: each is verified against its origin's
 * certificate before anything is parsed, applied at most once and in order per origin, kept for
 * relaying on, and acknowledged. A forged or altered change is refused and leaves an alert.
 */
@ApplicationScoped
public class CatalogApplier {

    private static final Logger LOG = Logger.getLogger(CatalogApplier.class);

    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    RiskAlerts alerts;
    @Inject
    Event<CatalogChanged> changed;
    @Inject
    CatalogChains chains;
    @Inject
    CatalogCheckpoints checkpoints;
    @Inject
    MeterRegistry metrics;
    private Counter bySignature;
    private Counter byCheckpoint;

    private ChainValidator originChains;
    // A catch-up relays thousands of changes signed under the same few chains: parse each chain
    // once and keep one key object per signer (BouncyCastle reuses its precomputation on it).
    private final Map<ByteString, List<X509Certificate>> decodedChains = lru(256);
    /** Chains known to be in catalog_chain (committed): saves a statement per batch in a catch-up. */
    private final Set<ByteString> storedChains = ConcurrentHashMap.newKeySet();
    @Inject
    AuthorKeys authors;

    @PostConstruct
    void init() {
        originChains = authors.chains();
        bySignature = Counter.builder("cascade.catalog.changes.verified")
                .description("relayed catalog changes found authentic, by how").tag("by", "signature").register(metrics);
        byCheckpoint = Counter.builder("cascade.catalog.changes.verified")
                .description("relayed catalog changes found authentic, by how").tag("by", "checkpoint").register(metrics);
    }

    /**
     * Verifies and applies a batch from one peer in one transaction; returns one ack per origin
     * touched. {@code streamChains} resolves chains the peer sent earlier on the stream by digest.
     */
    public List<ChangeAck> apply(List<SignedChange> batch, RegionCode from, Map<ByteString, byte[]> streamChains) {
        List<Verified> verified = new ArrayList<>();
        List<ChangeAck> refusals = new ArrayList<>();
        // Signature checks dominate the cost of applying; they are independent, so use every core.
        List<Verified> checked = batch.parallelStream().map(w -> verify(w, streamChains)).toList();
        for (Verified v : checked) {
            if (v.refusal != null) {
                record(v, from);
                refusals.add(ChangeAck.newBuilder().setOrigin(v.claimedOrigin).setRefused(v.refusal).build());
            } else {
                verified.add(v);
            }
        }
        List<ChangeAck> acks = new ArrayList<>(refusals);
        if (!verified.isEmpty()) {
            acks.addAll(ReactiveBridge.await(() -> pool.withTransaction(tx -> applyAll(tx, verified))));
            verified.forEach(v -> storedChains.add(v.chainDigest));
            verified.stream().map(v -> v.change.origin()).distinct().forEach(o -> changed.fire(new CatalogChanged(o)));
        }
        return acks;
    }

    /**
     * A change checked on arrival. {@code body}, {@code signature} and {@code changeDigest} (the
     * checkpoint digest, {@link Checkpoint#changeDigest}) are taken once here and reused by the
     * writes and the ledger entry: a catch-up handles each of many thousand changes at every hop.
     */
    private record Verified(CatalogChange change, SignedChange wire, byte[] body, byte[] signature, byte[] changeDigest,
                            ByteString chainDigest, byte[] joinedChain, String claimedOrigin, String refusal) {
    }

    private Verified verify(SignedChange wire, Map<ByteString, byte[]> streamChains) {
        CatalogChange change;
        try {
            change = CatalogWire.parse(wire.getBody().toByteArray());
        } catch (IllegalArgumentException e) {
            return refused(wire, "", "malformed change: " + e.getMessage());
        }
        if (wire.getPreviousSeq() < 0 || wire.getPreviousSeq() >= change.seq()) {
            return refused(wire, change.origin().code(), "malformed change: previous_seq " + wire.getPreviousSeq()
                    + " is not below seq " + change.seq());
        }
        ByteString digest;
        byte[] joined;
        if (wire.getOriginChainCount() > 0) {
            joined = DerChain.join(wire.getOriginChainList().stream().map(ByteString::toByteArray).toList());
            digest = CatalogChains.digestOf(joined);
        } else {
            digest = wire.getOriginChainDigest();
            joined = streamChains.get(digest);
            if (joined == null) {
                return refused(wire, change.origin().code(), "origin chain digest " + HexFormat.of()
                        .formatHex(digest.toByteArray()) + " was not sent on this stream");
            }
        }
        List<X509Certificate> chain;
        try {
            chain = decodedChain(digest, joined);
        } catch (IllegalArgumentException e) {
            return refused(wire, change.origin().code(), "origin chain unreadable: " + e.getMessage());
        }
        byte[] bodyBytes = wire.getBody().toByteArray();
        byte[] signatureBytes = wire.getSignature().toByteArray();
        byte[] changeDigest = Checkpoint.changeDigest(bodyBytes, signatureBytes);
        if (checkpoints.vouchFor(change.origin(), change.seq(), changeDigest, digest)) {
            // The origin's verified checkpoint names exactly these bytes, under this very chain.
            byCheckpoint.increment();
            return new Verified(change, wire, bodyBytes, signatureBytes, changeDigest, digest, joined,
                    change.origin().code(), null);
        }
        ChangeCheck check = ChangeSignature.verify(bodyBytes, signatureBytes, chain, change.origin(), originChains,
                this::verifierFor);
        if (check instanceof ChangeCheck.Forged forged) {
            return refused(wire, change.origin().code(), forged.reason());
        }
        bySignature.increment();
        return new Verified(change, wire, bodyBytes, signatureBytes, changeDigest, digest, joined, change.origin().code(), null);
    }

    /**
     * Verifies a checkpoint a peer sent and keeps it for the changes it covers. A forged one is
     * recorded like a forged change and otherwise ignored: the changes it claims to cover are then
     * verified one by one.
     */
    public void acceptCheckpoint(SignedCheckpoint wire, Map<ByteString, byte[]> streamChains,
                                 RegionCode from) {
        Checkpoint checkpoint;
        try {
            checkpoint = CatalogWire.parseCheckpoint(wire.getBody().toByteArray());
        } catch (IllegalArgumentException e) {
            record(refused(null, "", "malformed checkpoint: " + e.getMessage()), from);
            return;
        }
        String origin = checkpoint.origin().code();
        if (checkpoint.changeDigests().size() > CatalogCheckpoints.MAX_RUN) {
            record(refused(null, origin, "checkpoint covers " + checkpoint.changeDigests().size() + " changes, more than "
                    + CatalogCheckpoints.MAX_RUN), from);
            return;
        }
        byte[] joined = streamChains.get(wire.getOriginChainDigest());
        if (joined == null) {
            record(refused(null, origin, "checkpoint names an origin chain not sent on this stream"), from);
            return;
        }
        List<X509Certificate> chain;
        try {
            chain = decodedChain(wire.getOriginChainDigest(), joined);
        } catch (IllegalArgumentException e) {
            record(refused(null, origin, "checkpoint origin chain unreadable: " + e.getMessage()), from);
            return;
        }
        ChangeCheck check = ChangeSignature.verifyCheckpoint(wire.getBody().toByteArray(), wire.getSignature().toByteArray(),
                chain, checkpoint.origin(), originChains, this::verifierFor);
        if (check instanceof ChangeCheck.Forged forged) {
            record(refused(null, origin, "checkpoint " + checkpoint.firstSeq() + "-" + checkpoint.lastSeq() + ": "
                    + forged.reason()), from);
            return;
        }
        checkpoints.remember(new CatalogCheckpoints.Known(checkpoint, wire));
    }

    private static Verified refused(SignedChange wire, String origin, String why) {
        return new Verified(null, wire, null, null, null, null, null, origin, why);
    }

    private List<X509Certificate> decodedChain(ByteString key, byte[] joined) {
        synchronized (decodedChains) {
            List<X509Certificate> known = decodedChains.get(key);
            if (known != null) {
                return known;
            }
        }
        List<X509Certificate> chain = DerChain.decode(joined);
        synchronized (decodedChains) {
            decodedChains.put(key, chain);
        }
        return chain;
    }

    private SignatureVerifier verifierFor(X509Certificate leaf) {
        return authors.verifierFor(leaf);
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Records a refused change: an alert and an event, in one transaction. */
    private void record(Verified refusedChange, RegionCode from) {
        String origin = refusedChange.claimedOrigin;
        String detail = "change from link " + from + (origin.isEmpty() ? "" : " claiming origin " + origin) + " refused: "
                + refusedChange.refusal;
        LOG.warn(detail);
        ReactiveBridge.await(() -> pool.withTransaction(tx -> alerts.raise(tx, new RiskAlerts.Raise(EventType.CATALOG_CHANGE_REFUSED,
                "catalog.forged-change", Severity.HIGH, origin.isEmpty() ? from.code() : origin, detail, List.of()),
                node.clock().instant())).replaceWithVoid());
    }

    /**
     * Decides every change of the batch in memory against the origins' last applied numbers (read
     * once, row-locked), then writes with one pipelined statement batch per table: round trips,
     * not rows, are what a catch-up of many thousand changes would otherwise wait on.
     */
    private Uni<List<ChangeAck>> applyAll(SqlConnection tx, List<Verified> batch) {
        List<String> origins = batch.stream().map(v -> v.claimedOrigin).distinct().sorted().toList();
        return tx.preparedQuery("select origin, last_seq from catalog_origin where origin = any($1) order by origin for update")
                .execute(Tuple.of(origins.toArray(String[]::new)))
                .chain(rows -> {
                    Map<String, Long> last = new HashMap<>();
                    origins.forEach(o -> last.put(o, 0L));
                    rows.forEach(r -> last.put(r.getString("origin"), r.getLong("last_seq")));
                    Map<String, Boolean> gaps = new HashMap<>();
                    Writes writes = new Writes();
                    for (Verified v : batch) {
                        // Every verified chain is stored, applied or not: the caller marks them all as stored.
                        writes.chainsUsed.put(v.chainDigest, v.joinedChain);
                        String origin = v.claimedOrigin;
                        if (gaps.getOrDefault(origin, false)) {
                            continue;
                        }
                        switch (OriginOrder.next(last.get(origin), v.wire.getPreviousSeq(), v.change.seq())) {
                            case DUPLICATE -> {
                            }
                            case GAP -> gaps.put(origin, true);
                            case APPLY -> {
                                last.put(origin, v.change.seq());
                                writes.add(v);
                            }
                        }
                    }
                    return writes.execute(tx, chains, storedChains)
                            .chain(() -> tx.preparedQuery("insert into catalog_origin (origin, last_seq) values ($1, $2)"
                                            + " on conflict (origin) do update set last_seq = excluded.last_seq")
                                    .executeBatch(origins.stream().map(o -> Tuple.of(o, last.get(o))).toList()))
                            .map(ignored -> origins.stream().map(o -> ChangeAck.newBuilder().setOrigin(o)
                                    .setAppliedThrough(last.get(o)).setGap(gaps.getOrDefault(o, false)).build()).toList());
                });
    }

    /** The rows a batch writes, gathered per statement. */
    private final class Writes {
        final CatalogRows rows = new CatalogRows();
        final Map<RegionCode, AppliedRun.Builder> runs = new TreeMap<>(Comparator.comparing(RegionCode::code));
        final Map<ByteString, byte[]> chainsUsed = new HashMap<>();

        void add(Verified v) {
            CatalogChange c = v.change;
            OffsetDateTime at = c.at().atOffset(ZoneOffset.UTC);
            if (c.kind() == ChangeKind.WITHDRAW) {
                rows.withdraw(c.origin().code(), c.resourceId(), c.seq(), c.version(), at);
            } else {
                JsonNode json = readJson(c.descriptorJson());
                ResourceJson.Reading reading = json == null ? null : ResourceJson.read(json, null);
                if (reading == null || reading.descriptor() == null) {
                    // Authentic but invalid under this node's rules: keep the change for relaying, show nothing.
                    LOG.warnf("change %s/%d of %s is signed but invalid here: %s", c.origin(), c.seq(), c.resourceId(),
                            reading == null ? "descriptor is not JSON" : reading.violations());
                } else {
                    rows.upsert(c.origin().code(), c.seq(), c.version(), reading.descriptor(),
                            json.path("providerDept").asText(""), c.descriptorJson(), at);
                }
            }
            rows.change(c.origin().code(), c.seq(), c.resourceId(), c.version(), c.kind().name(), c.scope().wire(),
                    v.body, v.signature, v.chainDigest.toByteArray(), node.clock().instant().atOffset(ZoneOffset.UTC));
            runs.computeIfAbsent(c.origin(), AppliedRun.Builder::new).add(c.seq(), c.kind(), v.changeDigest);
        }

        /** One ledger entry per origin: a catch-up's batches would otherwise write and sequence one per change. */
        List<EventLog.Entry> entries() {
            return runs.values().stream().map(AppliedRun.Builder::build).map(run -> new EventLog.Entry(
                    "origin:" + run.origin().code(), run.origin().code(), run.detail(), run.digest())).toList();
        }

        Uni<Void> execute(SqlConnection tx, CatalogChains chainStore, Set<ByteString> alreadyStored) {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (Map.Entry<ByteString, byte[]> used : chainsUsed.entrySet()) {
                if (!alreadyStored.contains(used.getKey())) {
                    done = done.chain(() -> chainStore.store(tx, used.getKey(), used.getValue()));
                }
            }
            done = done.chain(() -> rows.writeEntries(tx));
            if (rows.hasChanges()) {
                done = done.chain(() -> rows.writeChanges(tx, true));
                // The node's ledger records every change it applied, in the same transaction, one run per origin.
                done = done.chain(() -> events.appendAll(tx, EventType.CATALOG_CHANGES_APPLIED, entries()));
            }
            return done;
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return ResourceJson.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
