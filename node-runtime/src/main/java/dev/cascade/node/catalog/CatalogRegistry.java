package dev.cascade.node.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import com.google.protobuf.ByteString;
import dev.cascade.protocol.catalog.Scope;
import io.vertx.core.buffer.Buffer;
import java.security.cert.X509Certificate;
import java.util.function.Function;

/**
 * The write side of this node's own catalog: registration, new versions and withdrawals by the
 * provider departments attached here. Each one is numbered in this node's change sequence, signed
 * with the node's application key and recorded — entry, change and event in one transaction —
 * before the sync feeds carry it to other tiers.
 */
@ApplicationScoped
public class CatalogRegistry {

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

    /** What a registration, update or withdrawal came to. */
    public record Recorded(String origin, String id, int version, long seq, String kind, Instant at) {
    }

    public Uni<Recorded> register(ResourceDescriptor d, String department) {
        return write(d.id(), department, (existing) -> {
            if (existing != null && existing.getValue("withdrawn_at") == null) {
                throw ProblemException.conflict("resource " + d.id() + " is already registered at " + node.region()
                        + " (version " + existing.getInteger("version") + "); update it with PUT");
            }
            int version = existing == null ? 1 : existing.getInteger("version") + 1;
            return new Intent(ChangeKind.UPSERT, d, version, EventType.RESOURCE_REGISTERED);
        });
    }

    public Uni<Recorded> update(ResourceDescriptor d, String department) {
        return write(d.id(), department, (existing) -> {
            requireOwnedAndLive(existing, d.id(), department);
            if (!existing.getString("scope").equals(d.scope().wire())) {
                throw ProblemException.badRequest("scope cannot change from " + existing.getString("scope") + " to "
                        + d.scope().wire() + " (field 'scope'): withdraw the resource and register it anew");
            }
            return new Intent(ChangeKind.UPSERT, d, existing.getInteger("version") + 1, EventType.RESOURCE_UPDATED);
        });
    }

    public Uni<Recorded> withdraw(String id, String department) {
        return write(id, department, (existing) -> {
            requireOwnedAndLive(existing, id, department);
            return new Intent(ChangeKind.WITHDRAW, null, existing.getInteger("version") + 1,
                    EventType.RESOURCE_WITHDRAWN, Scope.fromWire(existing.getString("scope")));
        });
    }

    private void requireOwnedAndLive(Row existing, String id, String department) {
        if (existing == null || existing.getValue("withdrawn_at") != null) {
            throw ProblemException.notFound("resource " + id + " is not registered at " + node.region());
        }
        if (!existing.getString("provider_dept").equals(department)) {
            throw new ProblemException(403, "Forbidden", "resource " + id + " belongs to department "
                    + existing.getString("provider_dept") + ", not " + department);
        }
    }

    private record Intent(ChangeKind kind, ResourceDescriptor descriptor, int version, EventType event,
                          Scope scope) {
        Intent(ChangeKind kind, ResourceDescriptor descriptor, int version, EventType event) {
            this(kind, descriptor, version, event, descriptor.scope());
        }
    }

    private Uni<Recorded> write(String id, String department, Function<Row, Intent> decide) {
        String origin = node.region().code();
        return pool.withTransaction(tx -> lockOwnSequence(tx, origin)
                        .chain(lastSeq -> tx.preparedQuery("select version, scope, provider_dept, withdrawn_at from catalog_entry"
                                        + " where origin = $1 and resource_id = $2 for update")
                                .execute(Tuple.of(origin, id))
                                .chain(rows -> {
                                    Row existing = rows.iterator().hasNext() ? rows.iterator().next() : null;
                                    Intent intent = decide.apply(existing);
                                    return record(tx, origin, lastSeq + 1, id, department, intent);
                                })))
                .invoke(r -> {
                    ownChainStored = ownChain().digest();
                    changed.fire(new CatalogChanged(node.region()));
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

    private Uni<Recorded> record(SqlConnection tx, String origin, long seq, String id, String department, Intent intent) {
        Instant at = node.clock().instant();
        String descriptorJson = intent.descriptor() == null ? "" : ResourceJson.write(intent.descriptor(), department);
        CatalogChange change = new CatalogChange(node.region(), seq, id, intent.version(), intent.kind(), intent.scope(),
                descriptorJson, at);
        byte[] body = CatalogWire.body(change);
        byte[] signature = ChangeSignature.sign(node.credentials(), body);
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        OwnChain own = ownChain();
        byte[] joinedChain = own.joined();
        ByteString chainDigest = own.digest();
        Uni<Void> entry = intent.descriptor() == null
                ? CatalogEntries.withdraw(tx, origin, id, seq, intent.version(), when)
                : CatalogEntries.upsert(tx, origin, seq, intent.version(), intent.descriptor(), department, descriptorJson, when);
        return entry
                .chain(() -> chainDigest.equals(ownChainStored) ? Uni.createFrom().voidItem()
                        : chains.store(tx, chainDigest, joinedChain))
                .chain(() -> tx.preparedQuery("insert into catalog_change (origin, seq, resource_id, version, kind, scope, body,"
                                + " signature, chain_digest, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                        .execute(Tuple.from(List.of(origin, seq, id, intent.version(), intent.kind().name(), intent.scope().wire(),
                                Buffer.buffer(body), Buffer.buffer(signature),
                                Buffer.buffer(chainDigest.toByteArray()), when))))
                .chain(() -> tx.preparedQuery("update catalog_origin set last_seq = $2 where origin = $1").execute(Tuple.of(origin, seq)))
                .chain(() -> events.append(tx, intent.event(), "dept:" + department, origin + "/" + id,
                        "version " + intent.version() + ", change " + seq + ", scope " + intent.scope().wire()))
                .replaceWith(new Recorded(origin, id, intent.version(), seq, intent.kind().name().toLowerCase(), at));
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
