package dev.cascade.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path dataDir;

    @Test
    void runsARealServerThatKeepsItsDataAcrossRestarts() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("create table kept(v text)");
            s.execute("insert into kept values ('survives a restart')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives a restart");
        }
    }

    @Test
    void refusesClearlyWhenTheUnprivilegedServerCannotReachTheDataDir() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only a node running as root hands PostgreSQL to another user");
        Path closed = dataDir.resolve("closed");
        Files.createDirectories(closed.resolve("node"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> EmbeddedPostgres.start(closed.resolve("node"), 0))
                .hasMessageContaining("cannot enter " + closed)
                .hasMessageContaining("chmod o+x");
    }

    @Test
    void serverNeverRunsAsRootAndRequiresItsPassword() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(pg.serverPid()), "status"));
            String uidLine = status.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            // Real, effective, saved and filesystem uid: none may be 0.
            String[] ids = uidLine.split("\\s+");
            assertThat(java.util.Arrays.copyOfRange(ids, 1, ids.length)).hasSize(4).doesNotContain("0");
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void aServerLeftRunningByAKilledNodeIsStoppedWhenTheDirectorysOwnerStartsAgain() throws Exception {
        // A node killed with SIGKILL never runs the shutdown that stops its database: simulated by
        // not closing the first server. Only the holder of the directory may stop it.
        EmbeddedPostgres leftover = EmbeddedPostgres.start(dataDir, 0);
        long orphan = leftover.serverPid();
        try (DataDirectoryLock owner = DataDirectoryLock.acquire(dataDir);
             EmbeddedPostgres pg = EmbeddedPostgres.start(owner, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            assertThat(running(orphan)).as("the leftover postmaster").isFalse();
            assertThat(pg.serverPid()).isNotEqualTo(orphan);
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another cascade-node serve is running on " + dataDir);
        }
        DataDirectoryLock.acquire(dataDir).close(); // released: the next node takes it
    }

    /** Running, not a zombie: the stopped postmaster's parent here is an init that may never reap it. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String line = Files.readString(stat);
        char state = line.charAt(line.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
