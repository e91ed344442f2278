package dev.cascade.node.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

import dev.cascade.protocol.region.RegionCode;

/**
 * What a node knows about itself outside the database: its region, where it listens, where its
 * parent is, and which database to use. Kept in {@code node.properties} in the data directory,
 * written by {@code init}/{@code join} and read by every other command.
 */
public record NodeSettings(
        RegionCode region,
        Optional<RegionCode> parentRegion,
        Optional<Endpoint> parentEndpoint,
        String bindHost,
        int tierPort,
        int httpPort,
        Optional<DatabaseSettings> database) {

    public static final String FILE = "node.properties";

    public NodeSettings {
        if (parentRegion.isPresent() != parentEndpoint.isPresent()) {
            throw new IllegalArgumentException("parent region and parent endpoint go together");
        }
        checkPort("tier port", tierPort);
        checkPort("HTTP port", httpPort);
    }

    /** Where this node's tier link is reachable by its children. */
    public Endpoint tierEndpoint() {
        return new Endpoint(bindHost, tierPort);
    }

    public Endpoint httpEndpoint() {
        return new Endpoint(bindHost, httpPort);
    }

    public static boolean existsIn(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(FILE));
    }

    public static NodeSettings load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no node in " + dataDir + ": " + FILE
                    + " is missing (run `cascade-node init` or `cascade-node join` first)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Optional<DatabaseSettings> database = Optional.ofNullable(p.getProperty("database.url"))
                    .map(url -> new DatabaseSettings(url, p.getProperty("database.user", ""),
                            p.getProperty("database.password", "")));
            return new NodeSettings(
                    RegionCode.parse(required(p, "region", file)),
                    Optional.ofNullable(p.getProperty("parent.region")).map(RegionCode::parse),
                    Optional.ofNullable(p.getProperty("parent.endpoint")).map(Endpoint::parse),
                    p.getProperty("bind.host", "127.0.0.1"),
                    Integer.parseInt(required(p, "tier.port", file)),
                    Integer.parseInt(required(p, "http.port", file)),
                    database);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is invalid: " + e.getMessage(), e);
        }
    }

    public void save(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("region", region.code());
        parentRegion.ifPresent(r -> p.setProperty("parent.region", r.code()));
        parentEndpoint.ifPresent(e -> p.setProperty("parent.endpoint", e.toString()));
        p.setProperty("bind.host", bindHost);
        p.setProperty("tier.port", String.valueOf(tierPort));
        p.setProperty("http.port", String.valueOf(httpPort));
        database.ifPresent(d -> {
            p.setProperty("database.url", d.jdbcUrl());
            p.setProperty("database.user", d.user());
            p.setProperty("database.password", d.password());
        });
        try {
            Files.createDirectories(dataDir);
            // The file may hold a database password: owner-only from creation.
            Path tmp = Files.createTempFile(dataDir, ".node", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Cascade node settings");
            }
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return v.trim();
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not between 1 and 65535");
        }
    }

    /** A JDBC URL with credentials for an external (managed) PostgreSQL. */
    public record DatabaseSettings(String jdbcUrl, String user, String password) {
        public DatabaseSettings {
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("database.url must start with jdbc:postgresql://, got " + jdbcUrl);
            }
        }

        /** The same database for the Vert.x reactive client, which takes the URL without "jdbc:". */
        public String reactiveUrl() {
            return jdbcUrl.substring("jdbc:".length());
        }
    }
}
