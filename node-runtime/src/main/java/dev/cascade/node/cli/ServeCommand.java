package dev.cascade.node.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.storage.DataDirectoryLock;
import dev.cascade.node.storage.DatabaseSupervisor;
import dev.cascade.node.storage.EmbeddedPostgres;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the node: tier links, REST API, and (by default) its embedded PostgreSQL.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;

    @Override
    public Integer call() {
        Path dir = dataDir.path();
        NodeSettings settings = NodeStoreGuard.requireNode(dir);
        if (!new NodeKeyStore(dir).exists()) {
            throw new CliFailure("no node identity in " + dir + "/pki");
        }
        DataDirectoryLock owned;
        try {
            owned = DataDirectoryLock.acquire(dir);
        } catch (IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
        EmbeddedPostgres embedded = null;
        String jdbcUrl;
        String user;
        String password;
        if (settings.database().isPresent()) {
            var db = settings.database().get();
            jdbcUrl = db.jdbcUrl();
            user = db.user();
            password = db.password();
        } else {
            embedded = EmbeddedPostgres.start(owned, 0);
            jdbcUrl = embedded.jdbcUrl();
            user = embedded.user();
            password = embedded.password();
        }
        // Runtime configuration for this node; set before Quarkus reads its configuration.
        System.setProperty("cascade.data-dir", dir.toString());
        System.setProperty("quarkus.http.host", settings.bindHost());
        System.setProperty("quarkus.http.port", String.valueOf(settings.httpPort()));
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        System.setProperty("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
        System.setProperty("quarkus.datasource.username", user);
        System.setProperty("quarkus.datasource.password", password);
        System.setProperty("mp.jwt.verify.publickey.location", dir.resolve(TokenSigningKey.PUBLIC_FILE).toUri().toString());
        System.setProperty("mp.jwt.verify.issuer", TokenSigningKey.issuer(settings.region()));

        EmbeddedPostgres database = embedded;
        DatabaseSupervisor supervisor = database == null ? null
                : new DatabaseSupervisor(database, Duration.ofSeconds(1), Clock.systemUTC());
        Thread main = Thread.currentThread();
        if (database != null) {
            supervisor.start();
            // On SIGTERM Quarkus stops first; the database goes last, once the node let go of it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    main.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                supervisor.stop();
                database.close();
            }, "cascade-embedded-postgres-stop"));
        }
        AtomicInteger exit = new AtomicInteger();
        try {
            Quarkus.run(NodeApplication.class, (code, failure) -> exit.set(code));
        } finally {
            if (database != null) {
                supervisor.stop();
                database.close();
            }
            owned.close();
        }
        return exit.get();
    }
}
