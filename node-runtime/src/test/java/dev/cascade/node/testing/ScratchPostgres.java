package dev.cascade.node.testing;

import dev.cascade.node.storage.EmbeddedPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL for a test class: the node's embedded server in a temporary directory, a JDBC
 * connection for the test's own reads and writes, and the reactive pool the code under test uses.
 */
public final class ScratchPostgres implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private final Connection jdbc;
    private final Vertx vertx;
    private final Pool pool;

    private ScratchPostgres(EmbeddedPostgres pg, boolean migrate, int poolSize) throws SQLException {
        this.pg = pg;
        if (migrate) {
            Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password()).locations("classpath:db/migration")
                    .load().migrate();
        }
        jdbc = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        vertx = Vertx.vertx();
        pool = Pool.pool(vertx, PgConnectOptions.fromUri(pg.reactiveUrl()).setUser(pg.user()).setPassword(pg.password()),
                new PoolOptions().setMaxSize(poolSize));
    }

    /**
     * Starts a server below {@code tmp} (a JUnit temporary directory), with the node's migrations
     * applied when {@code migrate} is set.
     */
    public static ScratchPostgres start(Path tmp, boolean migrate, int poolSize) throws Exception {
        // The server runs as uid 65534 when tests run as root: it must be able to traverse into its
        // cluster below the 0700 temporary directory.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        return new ScratchPostgres(EmbeddedPostgres.start(tmp.resolve("node"), 0), migrate, poolSize);
    }

    /** Applies the node's migrations up to and including {@code version} (a test of a later migration's upgrade path). */
    public void migrateTo(String version) {
        Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password()).locations("classpath:db/migration")
                .target(version).load().migrate();
    }

    public Pool pool() {
        return pool;
    }

    public Connection jdbc() {
        return jdbc;
    }

    /** A further JDBC connection, for a test that needs a second session. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @Override
    public void close() throws Exception {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        jdbc.close();
        pg.close();
    }
}
