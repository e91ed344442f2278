package dev.cascade.node.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed runtime configuration of a serving node ({@code cascade.*}). */
@ConfigMapping(prefix = "cascade")
public interface CascadeConfig {

    /** The node's data directory: keys, certificates, settings, embedded database. */
    Path dataDir();

    Link link();

    interface Link {
        /** How often each end of a tier link sends a heartbeat. */
        @WithDefault("2s")
        Duration heartbeatInterval();

        /** A link with no heartbeat for this long is reported down. */
        @WithDefault("7s")
        Duration downAfter();

        /** Longest wait between attempts to re-dial the parent. */
        @WithDefault("5s")
        Duration maxRedialDelay();
    }
}
