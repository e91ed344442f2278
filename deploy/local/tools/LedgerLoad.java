// The ledger benchmark's load: run by deploy/local/bench.sh ledger with the node's own classes on
// the class path, against a node's data directory (initialised and migrated by one `serve`, then
// stopped, so this is the only writer). Prints one JSON object.
//
//   java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*:quarkus-app/lib/boot/*' LedgerLoad.java DATA_DIR PRODUCERS ENTRIES [RATE]
//
// PRODUCERS concurrent producers each append, await durability, append again, until ENTRIES were
// appended in all (no faster than RATE appends/s in all when RATE is given); meanwhile the node's sequencer runs on its timer as it does in a node (every
// 200 ms), signing a head over each batch. Measured: durable appends/s, and for every entry the
// time from its append to the signed head that includes it (p50/p99/max).

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.cascade.node.ledger.LedgerSequencer;
import dev.cascade.node.ledger.LedgerWriter;
import dev.cascade.node.storage.EmbeddedPostgres;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

public class LedgerLoad {

    /** The node's default cascade.ledger.max-batch. */
    static final int BATCH = 5000;

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int producers = Integer.parseInt(args[1]);
        long total = Long.parseLong(args[2]);
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            Vertx vertx = Vertx.vertx();
            // As a node's pool: a handful of connections on loopback.
            PgPool pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(pg.port())
                    .setDatabase(EmbeddedPostgres.DATABASE).setUser(pg.user()).setPassword(pg.password())
                    .setCachePreparedStatements(true), new PoolOptions().setMaxSize(4));
            var signer = new NodeKeyStore(dataDir).load();
            LedgerSequencer sequencer = new LedgerSequencer(pool, LedgerHash.SM3, signer, Clock.systemUTC(), BATCH);
            sequencer.load().ifPresent(p -> {
                throw new IllegalStateException(p);
            });
            long startSize = sequencer.latest().map(h -> h.size()).orElse(0L);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong heads = new AtomicLong();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    var batch = sequencer.sequenceOnce();
                    while (batch.isPresent()) {
                        heads.incrementAndGet();
                        long signed = batch.get().signedAt().toEpochMilli();
                        for (Instant at : batch.get().occurred()) {
                            latencies.add(signed - at.toEpochMilli());
                        }
                        batch = batch.get().occurred().size() == BATCH ? sequencer.sequenceOnce() : java.util.Optional.empty();
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }, 200, 200, TimeUnit.MILLISECONDS);

            LedgerWriter writer = new LedgerWriter(pool, 1000, 1);
            AtomicLong issued = new AtomicLong();
            CountDownLatch done = new CountDownLatch(producers);
            String detail = "exchange 5d1f… moved from GRANTED to DELIVERING: 12 chunks, 48,112 rows under grant 9a7c…";
            long t0 = System.nanoTime();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            Producer producer = new Producer(writer, issued, total, detail, done, pacer, t0, rate);
            for (int p = 0; p < producers; p++) {
                producer.next("producer-" + p);
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // Every appended entry under a signed head, then the latency figures.
            long deadline = System.currentTimeMillis() + 60_000;
            while (sequencer.latest().map(h -> h.size()).orElse(0L) < startSize + total && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            writer.close();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long size = sequencer.latest().map(h -> h.size()).orElse(0L);
            String proofs = proofTimes(sequencer, size);
            pacer.shutdown();
            System.out.printf("{\"rate_limit_per_s\":%.0f,\"producers\":%d,\"entries\":%d,\"seconds\":%.2f,\"durable_appends_per_s\":%.0f,"
                            + "\"signed_heads\":%d,\"entries_under_signed_heads\":%d,"
                            + "\"append_to_signed_head_ms\":{\"p50\":%d,\"p99\":%d,\"max\":%d},\"proofs\":%s}%n",
                    rate, producers, total, seconds, total / seconds, heads.get(), size - startSize,
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1), proofs);
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    /** Appends one entry after another for each producer, paced to a total rate when one is set. */
    record Producer(LedgerWriter writer, AtomicLong issued, long total, String detail, CountDownLatch done,
                    ScheduledExecutorService pacer, long t0, double rate) {

        void next(String actor) {
            long n = issued.incrementAndGet();
            if (n > total) {
                done.countDown();
                return;
            }
            long due = rate <= 0 ? 0 : t0 + (long) (n * 1e9 / rate) - System.nanoTime();
            if (due > 0) {
                pacer.schedule(() -> append(actor, n), due, TimeUnit.NANOSECONDS);
            } else {
                append(actor, n);
            }
        }

        private void append(String actor, long n) {
            writer.append(new LedgerWriter.Pending(Instant.now(), "bench.append", actor, "entry-" + n, detail, null))
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            e.printStackTrace();
                            done.countDown();
                            return;
                        }
                        next(actor);
                    });
        }
    }

    // Proofs over the node's in-memory tree at its full size: 2,000 random leaves, after 2,000 to warm up.
    private static String proofTimes(LedgerSequencer sequencer, long size) {
        java.util.Random random = new java.util.Random(7);
        byte[] root = sequencer.read(t -> t.root(size));
        long genIncl = 0, verIncl = 0, genCons = 0, verCons = 0;
        int n = 2000;
        for (int round = 0; round < 2; round++) {
            genIncl = verIncl = genCons = verCons = 0;
            for (int i = 0; i < n; i++) {
                long index = (long) (random.nextDouble() * size);
                long a = System.nanoTime();
                var path = sequencer.read(t -> t.inclusionProof(index, size));
                long b = System.nanoTime();
                var ok = dev.cascade.protocol.ledger.MerkleProofs.verifyInclusion(LedgerHash.SM3, sequencer.leafHash(index), index,
                        size, path, root);
                long c = System.nanoTime();
                long first = 1 + (long) (random.nextDouble() * (size - 1));
                byte[] firstRoot = sequencer.read(t -> t.root(first));
                long d = System.nanoTime();
                var proof = sequencer.read(t -> t.consistencyProof(first, size));
                long e = System.nanoTime();
                var consistent = dev.cascade.protocol.ledger.MerkleProofs.verifyConsistency(LedgerHash.SM3, first, size, firstRoot,
                        root, proof);
                long f = System.nanoTime();
                if (!ok.verified() || !consistent.verified()) {
                    throw new IllegalStateException("a proof did not verify: " + ok + " " + consistent);
                }
                genIncl += b - a;
                verIncl += c - b;
                genCons += e - d;
                verCons += f - e;
            }
        }
        return String.format(java.util.Locale.ROOT, "{\"tree_size\":%d,\"inclusion_generate_us\":%.1f,\"inclusion_verify_us\":%.1f,"
                        + "\"consistency_generate_us\":%.1f,\"consistency_verify_us\":%.1f}", size, genIncl / 1e3 / n,
                verIncl / 1e3 / n, genCons / 1e3 / n, verCons / 1e3 / n);
    }

    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
