package dev.cascade.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.cascade.node.admin.AdminKey;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.storage.EmbeddedPostgres;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs a {@code @QuarkusTest} as a real national node: a data directory written exactly as
 * {@code cascade-node init} writes it, its embedded PostgreSQL, and the runtime configuration
 * {@code cascade-node serve} would set. Tests talk to it over HTTP on the node's own port.
 */
public class NationalNodeResource implements QuarkusTestResourceLifecycleManager {

    private Path dataDir;
    private EmbeddedPostgres database;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("cascade-national-");
            // The node runs as root here and its PostgreSQL as uid 65534, which must traverse the
            // data directory to reach its cluster (createTempDirectory makes it 0700).
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the node's data directory: " + e.getMessage(), e);
        }
        new NodeKeyStore(dataDir).save(CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC()));
        AdminKey.create(dataDir);
        int[] ports = freePorts(2);
        NodeSettings settings = new NodeSettings(RegionCode.NATIONAL, Optional.empty(), Optional.empty(), "127.0.0.1",
                ports[0], ports[1], Optional.empty());
        settings.save(dataDir);
        database = EmbeddedPostgres.start(dataDir, 0);

        // The same properties ServeCommand sets before Quarkus reads its configuration.
        Map<String, String> config = new HashMap<>();
        config.put("cascade.data-dir", dataDir.toString());
        config.put("quarkus.http.host", settings.bindHost());
        config.put("quarkus.http.port", String.valueOf(settings.httpPort()));
        config.put("quarkus.http.test-port", String.valueOf(settings.httpPort()));
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", database.jdbcUrl().substring("jdbc:".length()));
        config.put("quarkus.datasource.username", database.user());
        config.put("quarkus.datasource.password", database.password());
        config.put("mp.jwt.verify.publickey.location", dataDir.resolve(AdminKey.PUBLIC_FILE).toUri().toString());
        config.put("mp.jwt.verify.issuer", AdminKey.issuer(settings.region()));
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + dataDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Distinct free loopback ports: all are held open together so none is handed out twice. */
    private static int[] freePorts(int count) {
        ServerSocket[] held = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // Closing a probe socket cannot lose anything.
                    }
                }
            }
        }
    }
}
