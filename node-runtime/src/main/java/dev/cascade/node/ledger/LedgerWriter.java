package dev.cascade.node.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * Durable appends of ledger entries that have no state change of their own to share a transaction
 * with (a link going down, a refused handshake, an anchoring alert). Whatever producers append
 * while a batch is being written goes into the next one, as one multi-row insert in one
 * transaction, so a burst costs a few commits instead of one per entry. Each append's future
 * completes once its entry is committed.
 *
 * <p>Framework-free so the benchmark can drive it on a bare pool.
 */
public final class LedgerWriter implements AutoCloseable {

    /** An entry to append; it gets its position from the sequencer. */
    public record Pending(Instant occurredAt, String type, String actor, String subject, String detail, byte[] digest) {
        public Pending {
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private record Queued(Pending entry, CompletableFuture<Void> done) {
    }

    private static final Queued STOP = new Queued(null, null);

    private final Pool pool;
    private final int maxBatch;
    private final Semaphore inFlight;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread drainer;

    /**
     * @param maxBatch entries per insert at most
     * @param maxInFlight batches being committed at once (each holds one pooled connection)
     */
    public LedgerWriter(Pool pool, int maxBatch, int maxInFlight) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.maxBatch = maxBatch;
        this.inFlight = new Semaphore(maxInFlight);
        this.drainer = new Thread(this::drain, "cascade-ledger-writer");
        drainer.setDaemon(true);
        drainer.start();
    }

    public CompletableFuture<Void> append(Pending entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Queued(Objects.requireNonNull(entry, "entry"), done));
        return done;
    }

    private void drain() {
        List<Queued> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                Queued first = queue.take();
                if (first == STOP) {
                    return;
                }
                inFlight.acquire();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                boolean stop = batch.remove(STOP);
                write(List.copyOf(batch));
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<Queued> batch) {
        EntryColumns columns = new EntryColumns(batch.size());
        for (Queued q : batch) {
            Pending p = q.entry();
            columns.add(OffsetDateTime.ofInstant(p.occurredAt(), ZoneOffset.UTC), p.type(), p.actor(), p.subject(), p.detail(),
                    p.digest());
        }
        pool.withTransaction(columns::insert)
                .subscribe().with(
                        ok -> {
                            inFlight.release();
                            batch.forEach(q -> q.done().complete(null));
                        },
                        failure -> {
                            inFlight.release();
                            batch.forEach(q -> q.done().completeExceptionally(failure));
                        });
    }

    /** Writes what is queued, then stops; waits up to five seconds for the last batches. */
    @Override
    public void close() throws InterruptedException {
        queue.add(STOP);
        drainer.join(TimeUnit.SECONDS.toMillis(5));
    }
}
