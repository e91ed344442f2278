package dev.cascade.node.ledger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.cascade.node.identity.LocalNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;

/**
 * The node's record of state changes, which is its audit ledger (decision 0011). A change and its
 * entry are written in the same transaction ({@link #append}); events with no row of their own to
 * change (a link going up or down, a refused handshake) are written on their own, batched with
 * other such events ({@link #appendDetached}). Entries are read back here too ({@link #list},
 * {@link #about}): this is the ledger's only front, and nothing else touches its table.
 */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Pool pool;
    @Inject
    LocalNode node;

    private LedgerWriter detached;

    @PostConstruct
    void open() {
        detached = new LedgerWriter(pool, 1000, 1);
    }

    /** Appends an event inside the caller's transaction. */
    public Uni<Void> append(Mutiny.Session session, EventType type, String actor, String subject, String detail) {
        return append(session, type, actor, subject, detail, null);
    }

    /** As above, naming the digest of the signed artefact the event concerns. */
    public Uni<Void> append(Mutiny.Session session, EventType type, String actor, String subject, String detail, byte[] digest) {
        return session.persist(NodeEventRecord.of(node.clock().instant(), type, actor, subject, detail, digest));
    }

    /** Appends an event inside the caller's SQL-client transaction. */
    public Uni<Void> append(SqlConnection tx, EventType type, String actor, String subject, String detail) {
        return append(tx, type, actor, subject, detail, null);
    }

    /** As above, naming the digest of the signed artefact the event concerns. */
    public Uni<Void> append(SqlConnection tx, EventType type, String actor, String subject, String detail, byte[] digest) {
        return appendAll(tx, type, List.of(new Entry(actor, subject, detail, digest)));
    }

    /**
     * As above, for a change that happened at {@code at}: the entry is the change's only record of
     * when (an exchange's history is read from its entries), so it keeps the caller's time rather
     * than the moment a shared commit got round to it.
     */
    public Uni<Void> append(SqlConnection tx, EventType type, String actor, String subject, String detail, byte[] digest,
                            Instant at) {
        return insert(tx, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), type, List.of(new Entry(actor, subject, detail, digest)));
    }

    /** As {@link #append(SqlConnection, EventType, String, String, String)}, returning the entry's id (what alerts cite as evidence). */
    public Uni<Long> appendReturningId(SqlConnection tx, EventType type, String actor, String subject, String detail, Instant at) {
        return tx.preparedQuery("insert into node_event (occurred_at, type, actor, subject, detail, digest)"
                        + " values ($1, $2, $3, $4, $5, $6) returning id")
                .execute(row(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), type, new Entry(actor, subject, detail, null)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One of several entries of a type written together ({@link #appendAll}). */
    public record Entry(String actor, String subject, String detail, byte[] digest) {
    }

    /** An entry of its own type, for {@link #appendEach}. */
    public record Typed(EventType type, Entry entry) {
    }

    /** Appends entries of mixed types inside the caller's transaction, in order, as one pipelined batch. */
    public Uni<Void> appendEach(SqlConnection tx, List<Typed> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(node.clock().instant(), ZoneOffset.UTC);
        EntryColumns columns = new EntryColumns(entries.size());
        for (Typed t : entries) {
            Entry e = t.entry();
            columns.add(at, t.type().key(), e.actor(), e.subject(), e.detail(), e.digest());
        }
        return columns.insert(tx);
    }

    /** Appends entries of one type inside the caller's transaction, as one pipelined batch. */
    public Uni<Void> appendAll(SqlConnection tx, EventType type, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return insert(tx, OffsetDateTime.ofInstant(node.clock().instant(), ZoneOffset.UTC), type, entries);
    }

    private static Uni<Void> insert(SqlConnection tx, OffsetDateTime at, EventType type, List<Entry> entries) {
        EntryColumns columns = new EntryColumns(entries.size());
        for (Entry e : entries) {
            columns.add(at, type.key(), e.actor(), e.subject(), e.detail(), e.digest());
        }
        return columns.insert(tx);
    }

    private static Tuple row(OffsetDateTime at, EventType type, Entry e) {
        return Tuple.tuple(Arrays.asList(at, type.key(), e.actor(), e.subject(), EntryText.bounded(e.detail()),
                e.digest() == null ? null : Buffer.buffer(e.digest())));
    }

    /** Appends an event in a transaction of its own, without blocking the caller; done once it is committed. */
    public CompletableFuture<Void> appendDetached(EventType type, String actor, String subject, String detail) {
        return detached.append(new LedgerWriter.Pending(node.clock().instant(), type.key(), actor, subject, detail, null))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.errorf(e, "could not record event %s %s", type.key(), subject);
                    }
                });
    }

    /** An entry as read back about one subject: its type, detail and time. */
    public record Recorded(String type, String detail, Instant at) {
    }

    /** The entries {@code actor} recorded about {@code subject} with one of {@code types}, oldest first. */
    public Uni<List<Recorded>> about(String subject, String actor, Collection<String> types) {
        return pool.preparedQuery("select type, detail, occurred_at from node_event where subject = $1 and actor = $2"
                        + " and type = any($3) order by id")
                .execute(Tuple.of(subject, actor, types.toArray(String[]::new)))
                .map(rows -> {
                    List<Recorded> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Recorded(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant()));
                    }
                    return out;
                });
    }

    /** An entry as supervision counts it: its type, who recorded it, what it is about. */
    public record Occurrence(String type, String actor, String subject) {
    }

    /** Entries of {@code types} recorded in [from, to), oldest first, at most {@code limit}. */
    public Uni<List<Occurrence>> occurrences(Collection<String> types, Instant from, Instant to, int limit) {
        return pool.preparedQuery("select type, actor, subject from node_event where type = any($1) and occurred_at >= $2"
                        + " and occurred_at < $3 order by id limit $4")
                .execute(Tuple.of(types.toArray(String[]::new), OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<Occurrence> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Occurrence(row.getString(0), row.getString(1), row.getString(2)));
                    }
                    return out;
                });
    }

    /**
     * An entry as the supervision rules and reports read it: its id (what an alert names as
     * evidence), its position in the Merkle log (null until sequenced), type, actor, subject,
     * detail and time.
     */
    public record Seen(long id, Long position, String type, String actor, String subject, String detail, Instant at) {
    }

    private static final String SEEN = "select id, leaf_index, type, actor, subject, detail, occurred_at from node_event";

    /** The number of sequenced entries: positions 0 .. this - 1 are final, in commit order. */
    public Uni<Long> sequencedSize() {
        return pool.query("select coalesce(max(leaf_index) + 1, 0) from node_event").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Sequenced entries of {@code types} at positions in [{@code from}, {@code to}), in ledger order,
     * at most {@code limit}. Positions, unlike ids, are given in commit order with no gaps, so a
     * reader that remembers where it stopped never skips an entry whose transaction committed late.
     */
    public Uni<List<Seen>> sequenced(Collection<String> types, long from, long to, int limit) {
        return pool.preparedQuery(SEEN + " where leaf_index >= $1 and leaf_index < $2 and type = any($3)"
                        + " order by leaf_index limit $4")
                .execute(Tuple.of(from, to, types.toArray(String[]::new), limit))
                .map(EventLog::seen);
    }

    /** Entries of {@code types} recorded by one of {@code actors} in [{@code from}, {@code to}), oldest first. */
    public Uni<List<Seen>> between(Collection<String> types, Collection<String> actors, Instant from, Instant to) {
        return pool.preparedQuery(SEEN + " where type = any($1) and actor = any($2) and occurred_at >= $3 and occurred_at < $4"
                        + " order by id")
                .execute(Tuple.of(types.toArray(String[]::new), actors.toArray(String[]::new),
                        OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC)))
                .map(EventLog::seen);
    }

    /** Entries of {@code types} about any of {@code subjects}, oldest first. */
    public Uni<List<Seen>> aboutAny(Collection<String> subjects, Collection<String> types) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(SEEN + " where subject = any($1) and type = any($2) order by id")
                .execute(Tuple.of(subjects.toArray(String[]::new), types.toArray(String[]::new)))
                .map(EventLog::seen);
    }

    /** The newest entry of {@code type}, if any. */
    public Uni<List<Seen>> newest(EventType type) {
        return pool.preparedQuery(SEEN + " where type = $1 order by id desc limit 1")
                .execute(Tuple.of(type.key()))
                .map(EventLog::seen);
    }

    private static List<Seen> seen(Iterable<Row> rows) {
        List<Seen> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Seen(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                    r.getOffsetDateTime(6).toInstant()));
        }
        return out;
    }

    public Uni<List<NodeEventRecord>> list(String type, long afterId, int limit) {
        String where = type == null ? "where e.id > :after" : "where e.id > :after and e.type = :type";
        return sessions.withSession(s -> {
            var q = s.createSelectionQuery("from NodeEventRecord e " + where + " order by e.id", NodeEventRecord.class)
                    .setParameter("after", afterId)
                    .setMaxResults(limit);
            if (type != null) {
                q.setParameter("type", type);
            }
            return q.getResultList();
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        detached.close();
    }
}
