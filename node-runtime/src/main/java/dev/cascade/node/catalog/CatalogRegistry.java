package dev.cascade.node.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.cascade.node.batching.Combiner;
import dev.cascade.node.batching.ReactiveCombiner;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.protocol.trust.DerChain;
import dev.cascade.protocol.catalog.CatalogChange;
import dev.cascade.protocol.catalog.ChangeKind;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import com.google.protobuf.ByteString;
import dev.cascade.protocol.catalog.Scope;
import java.security.cert.X509Certificate;
import java.util.function.Function;

/**
 * The write side of this node's own catalog: registration, new versions and withdrawals by the
 * provider departments attached here. Each one is numbered in this node's change sequence, signed
 * with the node's application key and recorded — entry, change and event in one transaction,
 * shared with the writes of concurrent requests (decision 0017) — before its caller hears back and
 * the sync feeds carry it to other tiers.
 */
@ApplicationScoped
public class CatalogRegistry {

    private static final Logger LOG = Logger.getLogger(CatalogRegistry.class);
    /** Bounds one group's transaction, which holds the sequence lock until it commits. */
    static final int MAX_GROUP = 256;

    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    Event<CatalogChanged> changed;
    @Inject
    CatalogChains chains;

    /** Digest of this node's own chain once a committed transaction has stored it: saves a statement per change. */
    private volatile ByteString ownChainStored;

    // Writes of concurrent requests share one lock of the sequence and one commit (decision 0017).
    private final ReactiveCombiner<Request, Recorded> groups = new ReactiveCombiner<>(MAX_GROUP, this::recordGroup);

    /** What a registration, update or withdrawal came to. */
    public record Recorded(String origin, String id, int version, long seq, String kind, Instant at) {
    }

    public Uni<Recorded> register(ResourceDescriptor d, String department) {
        return write(d.id(), department, (existing) -> {
            if (existing != null && !existing.withdrawn()) {
                throw ProblemException.conflict("resource " + d.id() + " is already registered at " + node.region()
                        + " (version " + existing.version() + "); update it with PUT");
            }
            int version = existing == null ? 1 : existing.version() + 1;
            return new Intent(ChangeKind.UPSERT, d, version, EventType.RESOURCE_REGISTERED);
        });
    }

    public Uni<Recorded> update(ResourceDescriptor d, String department) {
        return write(d.id(), department, (existing) -> {
            requireOwnedAndLive(existing, d.id(), department);
            if (!existing.scope().equals(d.scope())) {
                throw ProblemException.badRequest("scope cannot change from " + existing.scope().wire() + " to "
                        + d.scope().wire() + " (field 'scope'): withdraw the resource and register it anew");
            }
            return new Intent(ChangeKind.UPSERT, d, existing.version() + 1, EventType.RESOURCE_UPDATED);
        });
    }

    public Uni<Recorded> withdraw(String id, String department) {
        return write(id, department, (existing) -> {
            requireOwnedAndLive(existing, id, department);
            return new Intent(ChangeKind.WITHDRAW, null, existing.version() + 1, EventType.RESOURCE_WITHDRAWN,
                    existing.scope());
        });
    }

    private void requireOwnedAndLive(OwnEntries.Current existing, String id, String department) {
        if (existing == null || existing.withdrawn()) {
            throw ProblemException.notFound("resource " + id + " is not registered at " + node.region());
        }
        if (!existing.providerDept().equals(department)) {
            throw new ProblemException(403, "Forbidden", "resource " + id + " belongs to department "
                    + existing.providerDept() + ", not " + department);
        }
    }

    /** What a write comes to once decided against the resource's current state. */
    record Intent(ChangeKind kind, ResourceDescriptor descriptor, int version, EventType event, Scope scope) {
        Intent(ChangeKind kind, ResourceDescriptor descriptor, int version, EventType event) {
            this(kind, descriptor, version, event, descriptor.scope());
        }
    }

    /** One department's write, waiting for its group: decided, numbered and signed when the group is recorded. */
    private record Request(String id, String department, Function<OwnEntries.Current, Intent> decide) {
    }

    private Uni<Recorded> write(String id, String department, Function<OwnEntries.Current, Intent> decide) {
        return groups.submit(new Request(id, department, decide));
    }

    /**
     * Records a group of writes in one transaction under one lock of this node's sequence: each is
     * decided against the entries as the writes before it in the group left them, numbered next in
     * the sequence, signed and written with its ledger entry; one commit makes them all durable
     * before any caller hears back. A write refused by its rules (a conflict, a foreign owner) takes
     * no number and fails alone. If the transaction fails, nothing of it was written and each write
     * is recorded again on its own, so one bad write cannot fail the others.
     */
    private Uni<Void> recordGroup(List<Combiner.Pending<Request, Recorded>> group) {
        return recordTogether(group).onFailure().recoverWithUni(e -> {
            if (group.size() == 1) {
                group.get(0).fail(e);
                return Uni.createFrom().voidItem();
            }
            LOG.debugf(e, "a group of %d catalog writes failed together; each is recorded alone", group.size());
            Uni<Void> alone = Uni.createFrom().voidItem();
            for (Combiner.Pending<Request, Recorded> one : group) {
                alone = alone.chain(() -> recordTogether(List.of(one)).onFailure().recoverWithItem(failure -> {
                    one.fail(failure);
                    return null;
                }));
            }
            return alone;
        });
    }

    private Uni<Void> recordTogether(List<Combiner.Pending<Request, Recorded>> group) {
        String origin = node.region().code();
        List<String> ids = group.stream().map(p -> p.item().id()).distinct().toList();
        Numbered numbered = new Numbered();
        return pool.withTransaction(tx -> lockOwnSequence(tx, origin)
                        .chain(lastSeq -> OwnEntries.current(tx, origin, ids)
                                .chain(current -> {
                                    numbered.decide(group, lastSeq, current);
                                    return numbered.write(tx, origin);
                                })))
                .invoke(() -> {
                    numbered.complete();
                    if (numbered.any()) {
                        ownChainStored = numbered.chainDigest;
                        changed.fire(new CatalogChanged(node.region()));
                    }
                });
    }

    private Uni<Long> lockOwnSequence(SqlConnection tx, String origin) {
        // The row lock serialises this node's change numbering, also across replicas on one database.
        return tx.preparedQuery("insert into catalog_origin (origin, last_seq) values ($1, 0) on conflict do nothing")
                .execute(Tuple.of(origin))
                .chain(() -> tx.preparedQuery("select last_seq from catalog_origin where origin = $1 for update")
                        .execute(Tuple.of(origin)))
                .map(rows -> rows.iterator().next().getLong("last_seq"));
    }

    /** A group's writes as decided and numbered: the rows to write and each caller's answer. */
    private final class Numbered {
        private final CatalogRows rows = new CatalogRows();
        private final List<EventLog.Typed> entries = new ArrayList<>();
        private final List<Runnable> answers = new ArrayList<>();
        private long lastSeq;
        private ByteString chainDigest;
        private byte[] joinedChain;

        void decide(List<Combiner.Pending<Request, Recorded>> group, long seqBefore, Map<String, OwnEntries.Current> current) {
            lastSeq = seqBefore;
            OwnChain own = ownChain();
            chainDigest = own.digest();
            joinedChain = own.joined();
            Instant at = node.clock().instant();
            OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
            for (Combiner.Pending<Request, Recorded> pending : group) {
                Request r = pending.item();
                Intent intent;
                try {
                    intent = r.decide().apply(current.get(r.id()));
                } catch (ProblemException refused) {
                    answers.add(() -> pending.fail(refused));
                    continue;
                }
                long seq = ++lastSeq;
                current.put(r.id(), OwnEntries.Current.after(intent, r.department(), current.get(r.id())));
                String descriptorJson = intent.descriptor() == null ? "" : ResourceJson.write(intent.descriptor(), r.department());
                CatalogChange change = new CatalogChange(node.region(), seq, r.id(), intent.version(), intent.kind(),
                        intent.scope(), descriptorJson, at);
                byte[] body = CatalogWire.body(change);
                byte[] signature = ChangeSignature.sign(node.credentials(), body);
                String origin = node.region().code();
                if (intent.descriptor() == null) {
                    rows.withdraw(origin, r.id(), seq, intent.version(), when);
                } else {
                    rows.upsert(origin, seq, intent.version(), intent.descriptor(), r.department(), descriptorJson, when);
                }
                rows.change(origin, seq, r.id(), intent.version(), intent.kind().name(), intent.scope().wire(), body, signature,
                        chainDigest.toByteArray(), when);
                entries.add(new EventLog.Typed(intent.event(), new EventLog.Entry("dept:" + r.department(), origin + "/" + r.id(),
                        "version " + intent.version() + ", change " + seq + ", scope " + intent.scope().wire(), null)));
                Recorded recorded = new Recorded(origin, r.id(), intent.version(), seq, intent.kind().name().toLowerCase(), at);
                answers.add(() -> pending.complete(recorded));
            }
        }

        boolean any() {
            return rows.hasChanges();
        }

        /**
         * The group's statements, pipelined on the transaction's connection (sent in this order, each
         * without waiting for the one before): they write different tables, and the chain, which the
         * changes reference, goes first.
         */
        Uni<Void> write(SqlConnection tx, String origin) {
            if (!any()) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<Boolean>> all = new ArrayList<>();
            if (!chainDigest.equals(ownChainStored)) {
                all.add(chains.store(tx, chainDigest, joinedChain).replaceWith(Boolean.TRUE));
            }
            all.add(rows.writeEntries(tx).replaceWith(Boolean.TRUE));
            all.add(rows.writeChanges(tx, false).replaceWith(Boolean.TRUE));
            all.add(tx.preparedQuery("update catalog_origin set last_seq = $2 where origin = $1")
                    .execute(Tuple.of(origin, lastSeq)).replaceWith(Boolean.TRUE));
            all.add(events.appendEach(tx, entries).replaceWith(Boolean.TRUE));
            return Uni.join().all(all).andFailFast().replaceWithVoid();
        }

        /** After the commit: every caller hears its own outcome. */
        void complete() {
            answers.forEach(Runnable::run);
        }
    }

    private record OwnChain(X509Certificate leaf, byte[] joined, ByteString digest) {
    }

    private volatile OwnChain ownChain;

    /** This node's application certificate and CA chain, encoded once per certificate (it changes on renewal only). */
    private OwnChain ownChain() {
        OwnChain known = ownChain;
        X509Certificate leaf = node.credentials().appCertificate();
        if (known != null && known.leaf().equals(leaf)) {
            return known;
        }
        byte[] joined = DerChain.encode(node.credentials().appChain());
        OwnChain fresh = new OwnChain(leaf, joined, CatalogChains.digestOf(joined));
        ownChain = fresh;
        return fresh;
    }
}
