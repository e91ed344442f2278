package dev.cascade.node.exchange.source;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of provider uploads ({@code cascade.sources.*}). */
@ConfigMapping(prefix = "cascade.sources")
public interface SourceLimits {

    /**
     * The largest file a provider may upload. Only the upload route accepts more than
     * {@code quarkus.http.limits.max-body-size}; it streams to disk, so this bounds disk use, not memory.
     */
    @WithDefault("2G")
    MemorySize maxUploadSize();
}
