package dev.cascade.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.node.testing.NationalNodeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@link EventLog} is the only writer of {@code node_event}, the audit ledger (decision 0013): an
 * entry must share its change's fate, so a failed change leaves no entry behind; what is written
 * must read back as written, with an oversized detail cut visibly; detached entries must land once
 * their future says so, and reading must filter by type and page by id. Run against the national
 * test node's real database; every entry uses a subject of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class EventLogTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String COUNT = "select count(*) from node_event where subject = $1";

    @Inject
    EventLog events;
    @Inject
    Pool pool;
    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void anEntryAppendedInAnSqlTransactionThatThenFailsIsNotWritten() {
        String subject = unique("rolled-back-sql");
        AtomicLong seenInsideTheTransaction = new AtomicLong(-1);

        Throwable failure = catchThrowable(() -> pool.withTransaction(tx ->
                        events.append(tx, EventType.LINK_DOWN, "100000", subject, "never committed")
                                .chain(() -> count(tx, subject)).invoke(seenInsideTheTransaction::set)
                                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the caller's change failed"))))
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("the caller's change failed");
        assertThat(seenInsideTheTransaction).as("the entry's row inside the transaction").hasValue(1);
        assertThat(count(subject)).isZero();
    }

    @Test
    void anEntryAppendedInAHibernateTransactionThatThenFailsIsNotWritten() {
        String subject = unique("rolled-back-orm");

        Throwable failure = catchThrowable(() -> ReactiveBridge.await(() -> sessions.withTransaction(s ->
                events.append(s, EventType.LINK_DOWN, "100000", subject, "never committed")
                        .chain(s::flush)
                        .chain(() -> Uni.createFrom().<Void>failure(new IllegalStateException("the caller's change failed"))))));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("the caller's change failed");
        assertThat(count(subject)).isZero();
    }

    @Test
    void entriesAppendedInCommittedTransactionsAreListedWithTypeActorSubjectAndDetail() {
        long before = lastId();
        String viaSql = unique("committed-sql");
        String viaOrm = unique("committed-orm");
        byte[] digest = {1, 2, 3, 4};
        Instant start = Instant.now().minusSeconds(1);

        pool.withTransaction(tx -> events.append(tx, EventType.LINK_UP, "operator@test", viaSql, "linked over SQL"))
                .await().atMost(WAIT);
        ReactiveBridge.await(() -> sessions.withTransaction(s ->
                events.append(s, EventType.LINK_UP, "operator@test", viaOrm, "linked over Hibernate", digest)));

        List<NodeEventRecord> listed = mine(events(EventType.LINK_UP.key(), before, 1000), "committed-");
        assertThat(listed).extracting(e -> e.subject).containsExactly(viaSql, viaOrm);
        NodeEventRecord sql = listed.get(0);
        assertThat(sql.type).isEqualTo("link.up");
        assertThat(sql.actor).isEqualTo("operator@test");
        assertThat(sql.detail).isEqualTo("linked over SQL");
        assertThat(sql.digest).isNull();
        assertThat(sql.occurredAt).isBetween(start, Instant.now());
        NodeEventRecord orm = listed.get(1);
        assertThat(orm.detail).isEqualTo("linked over Hibernate");
        assertThat(orm.digest).containsExactly(1, 2, 3, 4);
        assertThat(orm.id).isGreaterThan(sql.id);
    }

    @Test
    void aDetailOverTheBoundIsCutVisiblyOnEveryWritePathAndOneAtTheBoundIsKept() throws Exception {
        long before = lastId();
        String cutDetached = unique("bound-cut-detached");
        String cutInTransaction = unique("bound-cut-tx");
        String kept = unique("bound-kept");
        String tooLong = "x".repeat(EntryText.MAX_DETAIL + 500);
        String atTheBound = "y".repeat(EntryText.MAX_DETAIL);

        events.appendDetached(EventType.LINK_DOWN, "100000", cutDetached, tooLong).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        pool.withTransaction(tx -> events.append(tx, EventType.LINK_DOWN, "100000", cutInTransaction, tooLong))
                .await().atMost(WAIT);
        events.appendDetached(EventType.LINK_DOWN, "100000", kept, atTheBound).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<NodeEventRecord> listed = mine(events(EventType.LINK_DOWN.key(), before, 1000), "bound-");
        assertThat(listed).extracting(e -> e.subject).containsExactly(cutDetached, cutInTransaction, kept);
        String cut = "x".repeat(EntryText.MAX_DETAIL - 10) + " [cut]";
        assertThat(listed.get(0).detail).isEqualTo(cut);
        assertThat(listed.get(1).detail).isEqualTo(cut);
        assertThat(listed.get(2).detail).isEqualTo(atTheBound);
    }

    @Test
    void detachedEntriesLandOnceTheirFuturesCompleteAndAreListedByTypePageByPage() throws Exception {
        long before = lastId();
        String a1 = unique("paged-up-1");
        String d1 = unique("paged-down-1");
        String a2 = unique("paged-up-2");
        String a3 = unique("paged-up-3");

        CompletableFuture.allOf(
                events.appendDetached(EventType.LINK_UP, "100000", a1, "first up"),
                events.appendDetached(EventType.LINK_DOWN, "100000", d1, "the one down"),
                events.appendDetached(EventType.LINK_UP, "100000", a2, "second up"),
                events.appendDetached(EventType.LINK_UP, "100000", a3, "third up")).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(count(a1) + count(d1) + count(a2) + count(a3)).isEqualTo(4);
        List<NodeEventRecord> firstPage = events("link.up", before, 2);
        assertThat(firstPage).extracting(e -> e.subject).containsExactly(a1, a2);
        assertThat(firstPage).extracting(e -> e.detail).containsExactly("first up", "second up");
        List<NodeEventRecord> secondPage = events("link.up", firstPage.get(1).id, 2);
        assertThat(secondPage).extracting(e -> e.subject).containsExactly(a3);
        assertThat(events("link.down", before, 10)).extracting(e -> e.subject).containsExactly(d1);
        assertThat(mine(events(null, before, 1000), "paged-")).extracting(e -> e.subject).containsExactly(a1, d1, a2, a3);
    }

    private List<NodeEventRecord> events(String type, long after, int limit) {
        return ReactiveBridge.await(() -> events.list(type, after, limit));
    }

    /** Only this test's entries: background work of the node may append its own. */
    private static List<NodeEventRecord> mine(List<NodeEventRecord> listed, String prefix) {
        return listed.stream().filter(e -> e.subject.startsWith(prefix)).toList();
    }

    private long count(String subject) {
        return count(pool, subject).await().atMost(WAIT);
    }

    private static Uni<Long> count(SqlClient client, String subject) {
        return client.preparedQuery(COUNT).execute(Tuple.of(subject)).map(rows -> rows.iterator().next().getLong(0));
    }

    private long lastId() {
        return pool.query("select coalesce(max(id), 0) from node_event").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
