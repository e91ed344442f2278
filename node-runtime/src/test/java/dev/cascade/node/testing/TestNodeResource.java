package dev.cascade.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.storage.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs a {@code @QuarkusTest} as a real node: a data directory written exactly as {@code cascade-node
 * init} or {@code join} writes it, its embedded PostgreSQL, and the runtime configuration
 * {@code cascade-node serve} would set. Tests talk to it over HTTP on the node's own port.
 * Subclasses say which node it is.
 */
public abstract class TestNodeResource implements QuarkusTestResourceLifecycleManager {

    private Path dataDir;
    private EmbeddedPostgres database;

    /** Writes the node's credentials into {@code dataDir} and returns its settings. */
    protected abstract NodeSettings prepare(Path dataDir, int tierPort, int httpPort);

    /** Further properties for the test itself (never under the {@code cascade.} prefix the node maps). */
    protected Map<String, String> testProperties() {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        dataDir = tempDirectory("cascade-node-");
        int[] ports = freePorts(2);
        NodeSettings settings = prepare(dataDir, ports[0], ports[1]);
        TokenSigningKey.create(dataDir);
        settings.save(dataDir);
        database = EmbeddedPostgres.start(dataDir, 0);

        // The same properties ServeCommand sets before Quarkus reads its configuration.
        Map<String, String> config = new HashMap<>(testProperties());
        config.put("cascade.data-dir", dataDir.toString());
        config.put("quarkus.http.host", settings.bindHost());
        config.put("quarkus.http.port", String.valueOf(settings.httpPort()));
        config.put("quarkus.http.test-port", String.valueOf(settings.httpPort()));
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", database.jdbcUrl().substring("jdbc:".length()));
        config.put("quarkus.datasource.username", database.user());
        config.put("quarkus.datasource.password", database.password());
        config.put("mp.jwt.verify.publickey.location", dataDir.resolve(TokenSigningKey.PUBLIC_FILE).toUri().toString());
        config.put("mp.jwt.verify.issuer", TokenSigningKey.issuer(settings.region()));
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            deleteTree(dataDir);
        }
    }

    /**
     * A fresh directory the node's PostgreSQL can reach: the node runs as root here and its
     * PostgreSQL as uid 65534, which must traverse it (createTempDirectory makes it 0700).
     */
    protected static Path tempDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the node: " + e.getMessage(), e);
        }
    }

    protected static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Distinct free loopback ports: all are held open together so none is handed out twice. */
    protected static int[] freePorts(int count) {
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
