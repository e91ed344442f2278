package dev.cascade.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
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

    private EmbeddedPostgres pg;
    private Connection jdbc;
    private Vertx vertx;
    private Pool pool;
    private GroupCommit group;
    private ExecutorService callers;

    @BeforeAll
    void startDatabase(@TempDir Path tmp) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        pg = EmbeddedPostgres.start(tmp.resolve("node"), 0);
        jdbc = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        try (Statement s = jdbc.createStatement()) {
            s.execute("create table note (id int primary key, text text not null)");
        }
        vertx = Vertx.vertx();
        pool = Pool.pool(vertx, PgConnectOptions.fromUri(pg.reactiveUrl()).setUser(pg.user()).setPassword(pg.password()),
                new PoolOptions().setMaxSize(4));
        group = new GroupCommit(pool, 64);
        callers = Executors.newFixedThreadPool(32);
    }

    @AfterAll
    void stopDatabase() throws Exception {
        callers.shutdownNow();
        pool.closeAndAwait();
        vertx.closeAndAwait();
        jdbc.close();
        pg.close();
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

    private long count() throws Exception {
        try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("select count(*) from note")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void writesThatWaitWhileAGroupIsOpenAreCommittedTogetherInOneTransaction() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        // The first caller holds the committer's transaction open until released.
        Future<Object> holder = callers.submit(() -> group.run(tx -> Uni.createFrom().completionStage(release)
                .replaceWith("held")));
        Thread.sleep(200);
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
        Future<Object> holder = callers.submit(() -> group.run(tx -> Uni.createFrom().completionStage(release)
                .replaceWith("held")));
        Thread.sleep(200);
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
