package dev.cascade.node.cli;

import java.util.Optional;

import dev.cascade.node.config.Endpoint;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.region.RegionCode;
import picocli.CommandLine.Option;

/** Where a new node will listen, and which database it will use; stored in node.properties. */
final class ListenOptions {

    @Option(names = "--bind-host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bindHost;
    @Option(names = "--tier-port", defaultValue = "7443", description = "tier-link gRPC port, mutual TLS (default: ${DEFAULT-VALUE})")
    int tierPort;
    @Option(names = "--http-port", defaultValue = "8080", description = "REST/admin HTTP port (default: ${DEFAULT-VALUE})")
    int httpPort;
    @Option(names = "--database-url", description = "jdbc:postgresql://... of a managed PostgreSQL; default: embedded")
    String databaseUrl;
    @Option(names = "--database-user", defaultValue = "cascade")
    String databaseUser;
    @Option(names = "--database-password-env", paramLabel = "VAR", description = "environment variable holding the database password")
    String databasePasswordEnv;

    NodeSettings settingsFor(RegionCode region, Optional<RegionCode> parent, Optional<Endpoint> parentEndpoint) {
        Optional<NodeSettings.DatabaseSettings> db = Optional.empty();
        if (databaseUrl != null) {
            String password = databasePasswordEnv == null ? "" : System.getenv(databasePasswordEnv);
            if (password == null) {
                throw new CliFailure("environment variable " + databasePasswordEnv + " is not set");
            }
            db = Optional.of(new NodeSettings.DatabaseSettings(databaseUrl, databaseUser, password));
        }
        return new NodeSettings(region, parent, parentEndpoint, bindHost, tierPort, httpPort, db);
    }

    Endpoint tierEndpoint() {
        return new Endpoint(bindHost, tierPort);
    }
}
