package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.storage.EmbeddedPostgres;

/** With a database URL configured, the node keeps its state there and runs no PostgreSQL of its own. */
class ExternalDatabaseIT {

    @TempDir
    Path work;

    @Test
    void aConfiguredDatabaseIsUsedInsteadOfTheEmbeddedOne() throws Exception {
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        // Stands in for a managed PostgreSQL: a separate server the node did not start.
        try (EmbeddedPostgres managed = EmbeddedPostgres.start(work.resolve("managed-db"), 0);
             Topology t = new Topology(work)) {
            NodeProcess national = t.node("100000");
            List<String> args = new ArrayList<>(List.of("init", "--region", "100000",
                    "--database-url", managed.jdbcUrl(), "--database-user", managed.user(),
                    "--database-password-env", "MANAGED_DB_PASSWORD"));
            args.addAll(List.of(national.listen()));
            NodeProcess.Result init = NodeProcess.cli(Map.of("MANAGED_DB_PASSWORD", managed.password()), args.toArray(String[]::new));
            assertThat(init.exitCode()).as(init.stderr()).isZero();
            national.serve();
            NodeProcess.cliOk("token", "create", "--region", "440000", "--data-dir", national.dataDir.toString());

            assertThat(national.dataDir.resolve("postgres")).doesNotExist();
            try (Connection c = DriverManager.getConnection(managed.jdbcUrl(), managed.user(), managed.password());
                 ResultSet rs = c.createStatement().executeQuery("select region from join_token")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("440000");
            }
        }
    }
}
