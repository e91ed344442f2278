package dev.cascade.node.exchange.store;

import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.storage.GroupCommit;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The exchanges this node knows, their state history and the consumer side's usage register. A
 * state change and its ledger entry are written in one transaction, and only if the exchange is
 * still in the state the caller saw: two handlers racing on one exchange cannot both move it. The
 * ledger entries are the exchange's history here (there is no second copy of it to drift apart).
 */
@ApplicationScoped
public class ExchangeStore {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COLUMNS = "id, role, state, consumer_region, consumer_dept, owner_region, resource_id, purpose,"
            + " request_body, request_signature, request_chain_digest, request_digest, update_seq, update_body, update_signature,"
            + " update_chain_digest, reason, rules, approval_deadline, not_after, stored_key, chunk_count, row_count, content_digest,"
            + " receipt_body, receipt_signature, purged_at, created_at, updated_at";

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    CatalogDescriptors catalog;

    // The exchange's state changes are small and come from many lanes and requests at once: they
    // share commits (see GroupCommit).
    private GroupCommit group;
    private ExchangeChains chains;

    // Exchanges as this node created them, until their first change: the next step of a new exchange
    // (the owner's first answer, each hop's first update) would otherwise read back the row just
    // written. Only create() adds; every change removes its record before it is written and again
    // after, so a record found here is the row as inserted. A reader racing a change sees the row
    // as before it, which is what a read of the table would give; the changes themselves are
    // conditional on the state the caller saw.
    private static final int FRESH = 2048;
    private final Map<String, ExchangeRecord> fresh = Collections.synchronizedMap(
            new LinkedHashMap<>(FRESH, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ExchangeRecord> eldest) {
                    return size() > FRESH;
                }
            });

    @PostConstruct
    void init() {
        group = new GroupCommit(pool, 64);
        chains = new ExchangeChains(pool);
    }

    /** Columns to set along with a state change; names are this class's callers' constants, never input. */
    public static final class Changes {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private byte[] chain; // an update's chain, stored apart and referenced by its digest
        private byte[] chainDigest;

        public static Changes none() {
            return new Changes();
        }

        /** SM3 of the signed body this change stores (an update or a receipt), if it stores one. */
        byte[] signedDigest() {
            for (String column : List.of("update_body", "receipt_body")) {
                if (values.get(column) instanceof byte[] body) {
                    return ExchangeWire.sm3(body);
                }
            }
            return null;
        }

        public Changes set(String column, Object value) {
            values.put(column, value instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : value);
            return this;
        }

        /** The certificate chain of the update this change stores: kept in exchange_chain, the row names its digest. */
        public Changes updateChain(byte[] der) {
            chain = der;
            chainDigest = ExchangeChains.digest(der);
            values.put("update_chain_digest", chainDigest);
            return this;
        }
    }

    public record Event(ExchangeState state, String detail, Instant at) {
    }

    public record Usage(String department, String action, String format, Long rows, Instant at) {
    }

    public Optional<ExchangeRecord> find(String id, ExchangeRole role) {
        ExchangeRecord created = fresh.get(freshKey(id, role));
        if (created != null) {
            return Optional.of(created);
        }
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where id = $1 and role = $2")
                .execute(Tuple.of(id, role.column())))).stream().findFirst();
    }

    public List<ExchangeRecord> all(String id) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where id = $1").execute(Tuple.of(id))));
    }

    /** Records a new exchange in its first state; false when this node already holds it in this role. */
    public boolean create(ExchangeRecord r, String detail) {
        byte[] chain = ExchangeChains.digest(r.requestChain());
        boolean created = group.run(tx -> chains.store(tx, chain, r.requestChain()).chain(() -> tx.preparedQuery(
                        "insert into exchange (id, role, state, consumer_region, consumer_dept, owner_region, resource_id,"
                        + " purpose, request_body, request_signature, request_chain_digest, request_digest, created_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) on conflict do nothing")
                .execute(Tuple.tuple(List.of(r.id(), r.role().column(), r.state().name(), r.consumer().code(), r.consumerDept(),
                        r.owner().code(), r.resourceId(), r.purpose(), buffer(r.requestBody()), buffer(r.requestSignature()),
                        buffer(chain), buffer(r.requestDigest()), utc(r.createdAt())))))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().item(false)
                        : event(tx, r.id(), r.role(), r.state(), detail, r.createdAt(), r.requestDigest()).replaceWith(true)));
        chains.committed(chain, r.requestChain());
        if (created) {
            fresh.put(freshKey(r.id(), r.role()), asInserted(r));
        }
        return created;
    }

    // Exactly the columns create() writes, as a read of the row would give them back.
    private static ExchangeRecord asInserted(ExchangeRecord r) {
        return r.asFirstRecorded(r.createdAt().truncatedTo(ChronoUnit.MICROS));
    }

    private static String freshKey(String id, ExchangeRole role) {
        return role.column() + ' ' + id;
    }

    /**
     * Moves an exchange from {@code from} to {@code to}, setting {@code changes} with it; false when
     * it is no longer in {@code from} (someone else moved it first).
     */
    public boolean move(String id, ExchangeRole role, ExchangeState from, ExchangeState to, String detail,
                        Changes changes, Instant at) {
        if (!from.canReach(to)) {
            throw new IllegalStateException("exchange " + id + " cannot go from " + from + " to " + to);
        }
        return change(id, role, changes, tx -> update(tx, id, role, Optional.of(from), to, changes, at)
                .chain(done -> !done ? Uni.createFrom().item(false)
                        : event(tx, id, role, to, detail, at, changes.signedDigest()).replaceWith(true)));
    }

    /**
     * Sets columns without a state change (a newer update in the same state, a receipt, a purge),
     * with the ledger entry {@code type} that records it.
     */
    public void set(String id, ExchangeRole role, Changes changes, Instant at, EventType type, String detail) {
        change(id, role, changes, tx -> update(tx, id, role, Optional.empty(), null, changes, at)
                .chain(updated -> !updated ? Uni.createFrom().item(false)
                        : events.append(tx, type, role.column(), id, detail, changes.signedDigest()).replaceWith(true)));
    }

    // Every write to an existing row: its remembered fresh copy is dropped before the write and again
    // after (see fresh), and the chain the change stored is remembered once it is committed.
    private boolean change(String id, ExchangeRole role, Changes changes,
                           Function<SqlConnection, Uni<Boolean>> write) {
        fresh.remove(freshKey(id, role));
        boolean done = group.run(write);
        fresh.remove(freshKey(id, role));
        if (changes.chain != null) {
            chains.committed(changes.chainDigest, changes.chain);
        }
        return done;
    }

    private Uni<Boolean> update(SqlConnection tx, String id, ExchangeRole role, Optional<ExchangeState> from,
                                ExchangeState to, Changes changes, Instant at) {
        StringBuilder sql = new StringBuilder("update exchange set updated_at = $3");
        List<Object> args = new ArrayList<>(List.of(id, role.column(), utc(at)));
        if (to != null) {
            args.add(to.name());
            sql.append(", state = $").append(args.size());
        }
        for (Map.Entry<String, Object> c : changes.values.entrySet()) {
            Object v = c.getValue();
            args.add(v instanceof byte[] b ? buffer(b) : v);
            sql.append(", ").append(c.getKey()).append(" = $").append(args.size());
        }
        sql.append(" where id = $1 and role = $2");
        if (from.isPresent()) {
            args.add(from.get().name());
            sql.append(" and state = $").append(args.size());
        }
        Uni<Void> chain = changes.chain == null ? Uni.createFrom().voidItem() : chains.store(tx, changes.chainDigest, changes.chain);
        return chain.chain(() -> tx.preparedQuery(sql.toString()).execute(Tuple.tuple(args))).map(rows -> rows.rowCount() == 1);
    }

    // The node's ledger entry for the exchange's arrival in a state, in the caller's transaction: its history.
    private Uni<Void> event(SqlConnection tx, String id, ExchangeRole role, ExchangeState state, String detail, Instant at,
                            byte[] digest) {
        return events.append(tx, EventType.ofExchangeState(state), role.column(), id, detail, digest, at);
    }

    /** The states the exchange passed through at this node, in order: its ledger entries of state types. */
    public List<Event> history(String id, ExchangeRole role) {
        return await(events.about(id, role.column(), EventType.exchangeStateKeys())).stream()
                .map(e -> new Event(EventType.exchangeStateOf(e.type()).orElseThrow(), e.detail(), e.at()))
                .toList();
    }

    public List<ExchangeRecord> ofConsumerDepartment(String dept, int limit) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'consumer' and consumer_dept = $1"
                + " order by created_at desc limit $2").execute(Tuple.of(dept, limit))));
    }

    /** Requests waiting for an approver of {@code dept}: owner role, for resources the department provides here. */
    public List<ExchangeRecord> awaitingApproval(String dept, String ownOrigin) {
        // The catalog names the department's resources (a handful); the exchange table is filtered by them.
        List<String> provided = await(catalog.registeredBy(ownOrigin, dept));
        if (provided.isEmpty()) {
            return List.of();
        }
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'owner'"
                        + " and state = 'PENDING_APPROVAL' and resource_id = any($1) order by created_at")
                .execute(Tuple.of(provided.toArray(String[]::new)))));
    }

    /** This owner's standing grants (granted or suspended) whose validity ended by {@code now}. */
    public List<ExchangeRecord> standingEndedBy(Instant now) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'owner'"
                + " and state in ('GRANTED', 'SUSPENDED') and not_after <= $1").execute(Tuple.of(utc(now)))))
                .stream().filter(ExchangeRecord::standing).toList();
    }

    /**
     * The standing grants this node holds in {@code role} (owner or consumer), newest first, and for
     * a consumer optionally only those of one department.
     */
    public List<ExchangeRecord> standingGrants(ExchangeRole role, Optional<String> consumerDept) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = $1"
                + " and ($2::text is null or consumer_dept = $2) and state in ('PENDING_APPROVAL', 'GRANTED', 'SUSPENDED',"
                + " 'REVOKED', 'EXPIRED', 'DENIED', 'REQUESTED') order by created_at desc limit 1000")
                .execute(Tuple.of(role.column(), consumerDept.orElse(null))))).stream().filter(ExchangeRecord::standing).toList();
    }

    public List<ExchangeRecord> approvalsDueBy(Instant now) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'owner' and state = 'PENDING_APPROVAL'"
                + " and approval_deadline <= $1").execute(Tuple.of(utc(now)))));
    }

    /** Exchanges whose frames may still need to cross a link: not finished, or finished recently. */
    public List<ExchangeRecord> inFlight(Instant recentSince) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where state not in ('CONFIRMED', 'DENIED', 'EXPIRED', 'FAILED', 'CLOSED')"
                + " or updated_at >= $1").execute(Tuple.of(utc(recentSince)))));
    }

    /**
     * Exchanges an end may still have to send something for: every unfinished one, and those the
     * owner finished since {@code ownerFinishedSince} (its final update goes out a few times more).
     */
    public List<ExchangeRecord> awaitingAnswer(Instant ownerFinishedSince) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where state not in ('CONFIRMED', 'DENIED',"
                + " 'EXPIRED', 'FAILED', 'CLOSED') or (role = 'owner' and updated_at >= $1)").execute(Tuple.of(utc(ownerFinishedSince)))));
    }

    /** This owner's grants whose delivery had not sealed its last chunk: after a restart, nothing is sealing them. */
    public List<ExchangeRecord> unsealedDeliveries() {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'owner'"
                + " and (state = 'GRANTED' or (state = 'DELIVERING' and chunk_count is null))").execute()))
                .stream().filter(r -> !r.standing()).toList();
    }

    /** A delivery this owner sealed, as leak tracing needs it: its recipient, and the newest signed update (which holds the grant). */
    public record SealedDelivery(String id, String resourceId, RegionCode consumer, String consumerDept, Long rowCount,
                                 Instant requestedAt, byte[] updateBody) {
    }

    /**
     * Every delivery this owner sealed (its totals are recorded), whatever happened since: the
     * candidates when a leaked copy is traced, so purged and closed exchanges count too. Only the
     * columns a trace needs: a node's whole delivery history is read at once.
     */
    public List<SealedDelivery> sealedDeliveries() {
        List<SealedDelivery> out = new ArrayList<>();
        for (Row r : await(pool.preparedQuery("select id, resource_id, consumer_region, consumer_dept, row_count, created_at,"
                + " update_body from exchange where role = 'owner' and chunk_count is not null and update_body is not null"
                + " order by created_at").execute())) {
            out.add(new SealedDelivery(r.getString("id"), r.getString("resource_id"), RegionCode.parse(r.getString("consumer_region")),
                    r.getString("consumer_dept"), r.getLong("row_count"), instant(r, "created_at"), bytes(r, "update_body")));
        }
        return out;
    }

    /** Deliveries this owner sealed whose receipt has not come by {@code before} (their last update). */
    public List<ExchangeRecord> unreceiptedSince(Instant before) {
        return readAll(await(pool.preparedQuery("select " + COLUMNS + " from exchange where role = 'owner' and state = 'DELIVERING'"
                + " and receipt_body is null and updated_at < $1").execute(Tuple.of(utc(before)))));
    }

    /** Whether a child region has a node here: joined and serving, revoked, or never joined. */
    public enum ChildStanding { SERVING, REVOKED, NEVER_JOINED }

    public ChildStanding childStanding(String region) {
        return await(pool.preparedQuery("select revoked_at from child_node where region = $1").execute(Tuple.of(region))
                .map(rows -> rows.size() == 0 ? ChildStanding.NEVER_JOINED
                        : rows.iterator().next().getValue(0) == null ? ChildStanding.SERVING : ChildStanding.REVOKED));
    }

    /** Registers a use of delivered data, with its ledger entry, under the grant whose digest is given. */
    public void recordUsage(String exchangeId, String dept, String action, String format, Long rows, byte[] grantDigest, Instant at) {
        EventType type = "download".equals(action) ? EventType.EXCHANGE_DOWNLOADED : EventType.EXCHANGE_RECEIPT_CONFIRMED;
        String detail = action + (format == null ? "" : " as " + format) + (rows == null ? "" : ", " + rows + " rows");
        await(pool.withTransaction(tx -> tx.preparedQuery("insert into exchange_usage (exchange_id, department, action, format,"
                        + " rows, grant_digest, at) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple(Arrays.asList(exchangeId, dept, action, format, rows, buffer(grantDigest), utc(at))))
                .chain(() -> events.append(tx, type, dept, exchangeId, detail, grantDigest))));
    }

    public List<Usage> usage(String exchangeId) {
        return await(pool.preparedQuery("select department, action, format, rows, at from exchange_usage where exchange_id = $1 order by id")
                .execute(Tuple.of(exchangeId)).map(rows -> {
                    List<Usage> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Usage(row.getString(0), row.getString(1), row.getString(2), row.getLong(3),
                                row.getOffsetDateTime(4).toInstant()));
                    }
                    return out;
                }));
    }

    // On the caller's thread, not the event loop's: a chain not remembered is read with a blocking query.
    private List<ExchangeRecord> readAll(RowSet<Row> rows) {
        List<ExchangeRecord> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(read(row));
        }
        return out;
    }

    private ExchangeRecord read(Row r) {
        return new ExchangeRecord(r.getString("id"), ExchangeRole.ofColumn(r.getString("role")),
                ExchangeState.valueOf(r.getString("state")), RegionCode.parse(r.getString("consumer_region")),
                r.getString("consumer_dept"), RegionCode.parse(r.getString("owner_region")), r.getString("resource_id"),
                r.getString("purpose"), bytes(r, "request_body"), bytes(r, "request_signature"), chains.der(bytes(r, "request_chain_digest")),
                bytes(r, "request_digest"), r.getInteger("update_seq"), bytes(r, "update_body"), bytes(r, "update_signature"),
                chainOrNull(bytes(r, "update_chain_digest")), r.getString("reason"), r.getString("rules"), instant(r, "approval_deadline"),
                instant(r, "not_after"), bytes(r, "stored_key"), r.getLong("chunk_count"), r.getLong("row_count"),
                bytes(r, "content_digest"), bytes(r, "receipt_body"), bytes(r, "receipt_signature"), instant(r, "purged_at"),
                instant(r, "created_at"), instant(r, "updated_at"));
    }

    private byte[] chainOrNull(byte[] digest) {
        return digest == null ? null : chains.der(digest);
    }

    private static byte[] bytes(Row r, String column) {
        var b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static Buffer buffer(byte[] b) {
        return b == null ? null : Buffer.buffer(b);
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(WAIT);
    }
}
