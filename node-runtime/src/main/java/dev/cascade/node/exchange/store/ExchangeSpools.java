package dev.cascade.node.exchange.store;

import dev.cascade.node.config.CascadeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The chunk spools of this node's exchanges, one file each under {@code DATA_DIR/exchange-spool}. */
@Singleton
public class ExchangeSpools {

    @Inject
    CascadeConfig config;

    private final Map<String, ChunkSpool> open = new ConcurrentHashMap<>();

    public ChunkSpool of(String exchangeId) {
        return open.computeIfAbsent(exchangeId, id -> ChunkSpool.open(fileOf(id)));
    }

    public boolean exists(String exchangeId) {
        return open.containsKey(exchangeId) || Files.exists(fileOf(exchangeId));
    }

    /** Closes an exchange's spool file but keeps it (the consumer's stored copy between downloads). */
    public void release(String exchangeId) {
        ChunkSpool spool = open.remove(exchangeId);
        if (spool != null) {
            spool.close();
        }
    }

    /** Deletes what this node cached of an exchange; returns whether there was anything. */
    public boolean purge(String exchangeId) {
        ChunkSpool spool = open.remove(exchangeId);
        if (spool != null) {
            spool.delete();
            return true;
        }
        try {
            return Files.deleteIfExists(fileOf(exchangeId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge " + fileOf(exchangeId) + ": " + e.getMessage(), e);
        }
    }

    public Path fileOf(String exchangeId) {
        // Exchange ids are UUIDs checked on entry; the name can never leave the directory.
        return config.dataDir().resolve("exchange-spool").resolve(exchangeId + ".chunks");
    }

    @PreDestroy
    void close() {
        open.values().forEach(ChunkSpool::close);
        open.clear();
    }
}
