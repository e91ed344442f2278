package dev.cascade.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.node.testing.ScratchPostgres;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Writes of concurrent callers share a transaction; each still gets only its own outcome. On a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {

    private ScratchPostgres db;
    private Connection jdbc;
    private GroupCommit group;
    private ExecutorService callers;

    @BeforeAll
    void startDatabase(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, false, 4);
        jdbc = db.jdbc();
        try (Statement s = jdbc.createStatement()) {
            s.execute("create table note (id int primary key, text text not null)");
        }
        group = new GroupCommit(db.pool(), 64);
        callers = Executors.newFixedThreadPool(32);
    }

    @AfterAll
    void stopDatabase() throws Exception {
        callers.shutdownNow();
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Statement s = jdbc.createStatement()) {
            s.execute("delete from note");
        }
    }

    /** Inserts note {@code id} and answers the id of the transaction it was written in. */
    private Long insert(int id) {
        return group.run(tx -> tx.preparedQuery("insert into note (id, text) values ($1, $2) returning txid_current()")
                .execute(Tuple.of(id, "note " + id)).map(rows -> rows.iterator().next().getLong(0)));
    }

    /** A caller whose unit keeps its group's transaction open until {@code release} completes. */
    private Future<Object> holdGroupOpenUntil(CompletableFuture<Void> release) throws InterruptedException {
        Future<Object> holder = callers.submit(() -> group.run(tx -> Uni.createFrom().completionStage(release)
                .replaceWith("held")));
        Thread.sleep(200);
        return holder;
    }

    private long count() throws Exception {
        try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("select count(*) from note")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void writesThatWaitWhileAGroupIsOpenAreCommittedTogetherInOneTransaction() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        Future<Object> holder = holdGroupOpenUntil(release);
        List<Future<Long>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int id = i;
            waiting.add(callers.submit(() -> insert(id)));
        }
        Thread.sleep(300);
        assertThat(count()).isZero(); // nothing is visible before its commit
        release.complete(null);

        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("held");
        Set<Long> transactions = new HashSet<>();
        for (Future<Long> f : waiting) {
            transactions.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(transactions).hasSize(1);
        assertThat(count()).isEqualTo(20);
    }

    @Test
    void oneFailingWriteFailsAloneAndTheOthersOfItsGroupAreCommitted() throws Exception {
        insert(7);
        CompletableFuture<Void> release = new CompletableFuture<>();
        Future<Object> holder = holdGroupOpenUntil(release);
        List<Future<Long>> good = new ArrayList<>();
        for (int i = 100; i < 110; i++) {
            int id = i;
            good.add(callers.submit(() -> insert(id)));
        }
        Future<Long> duplicate = callers.submit(() -> insert(7));
        Thread.sleep(300);
        release.complete(null);

        holder.get(30, TimeUnit.SECONDS);
        for (Future<Long> f : good) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
        }
        assertThatThrownBy(() -> duplicate.get(30, TimeUnit.SECONDS)).hasMessageContaining("duplicate key");
        assertThat(count()).isEqualTo(11);
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnResultAndEveryWriteIsKept() throws Exception {
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int id = 1000 + i;
            all.add(callers.submit(() -> insert(id)));
        }
        for (Future<Long> f : all) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(count()).isEqualTo(500);
        assertThat(group.<Object>run(tx -> Uni.createFrom().nullItem())).isNull();
    }
}
