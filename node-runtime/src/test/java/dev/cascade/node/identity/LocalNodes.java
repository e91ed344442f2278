package dev.cascade.node.identity;

import java.nio.file.Path;

import dev.cascade.node.config.CascadeConfig;

/**
 * A {@link LocalNode} for plain unit tests: loaded from a data directory by its own {@code load()},
 * as the container loads it, with a configuration that names only the data directory.
 */
public final class LocalNodes {

    private LocalNodes() {
    }

    /** The node whose credentials and {@code node.properties} are in {@code dataDir}. */
    public static LocalNode loadedFrom(Path dataDir) {
        LocalNode node = new LocalNode();
        node.config = dataDirOnly(dataDir);
        node.load();
        return node;
    }

    /** A configuration that names only the data directory; anything else it is asked for is refused. */
    public static CascadeConfig dataDirOnly(Path dataDir) {
        return new CascadeConfig() {
            @Override
            public Path dataDir() {
                return dataDir;
            }

            @Override
            public Link link() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Exchange exchange() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Calls calls() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Ledger ledger() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Supervision supervision() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Console console() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }

            @Override
            public Subscriptions subscriptions() {
                throw new UnsupportedOperationException("a LocalNode reads only the data directory");
            }
        };
    }
}
