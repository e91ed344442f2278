package dev.cascade.node.ledger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MerkleTree;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.cascade.protocol.ledger.Frontier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Function;

/**
 * The node's audit ledger: runs the sequencer on a timer and answers the auditor's questions
 * (entries, proofs, heads). Entries themselves are written by {@link dev.cascade.node.ledger.EventLog} in the transaction
 * of each change.
 */
@ApplicationScoped
public class Ledger {

    private static final Logger LOG = Logger.getLogger(Ledger.class);

    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    AnchorBook alerts;

    private LedgerSequencer sequencer;
    private ScheduledExecutorService timer;

    void start(@Observes @Priority(6) StartupEvent start) {
        // A ledger keeps the hash function it began with, whatever the configuration says later.
        LedgerHash hash = LedgerHeads.newest(pool).map(h -> h.head().hash()).orElse(config.ledger().hash());
        sequencer = new LedgerSequencer(pool, hash, node.credentials(), node.clock(), config.ledger().maxBatch());
        sequencer.load().ifPresent(problem -> {
            LOG.errorf("audit ledger of %s does not match its signed history: %s", node.region(), problem);
            alerts.alertOwn(node.region().code(), "own ledger altered: " + problem, node.clock().instant());
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-ledger-sequencer");
            t.setDaemon(true);
            return t;
        });
        long every = config.ledger().sequenceInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sequence, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void sequence() {
        try {
            // Keep going while batches come back full: a backlog is cleared at once, not one batch a tick.
            Optional<LedgerSequencer.Batch> batch;
            do {
                batch = sequencer.sequenceOnce();
            } while (batch.isPresent() && batch.get().occurred().size() == config.ledger().maxBatch());
        } catch (RuntimeException e) {
            LOG.errorf(e, "ledger sequencing failed; retrying on the next tick");
        }
    }

    public LedgerHash hash() {
        return sequencer.hash();
    }

    /** The newest signed head, if any entry was ever sequenced. */
    public Optional<SignedHead> latest() {
        return sequencer.latest();
    }

    /** The newest signed head as stored, with the parent's receipt once anchored. */
    public Optional<SignedHead> latestStored() {
        return LedgerHeads.newest(pool);
    }

    /** The newest head the parent anchored. */
    public Optional<SignedHead> latestAnchored() {
        return LedgerHeads.newestAnchored(pool);
    }

    /** The newest signed head of at most {@code size} entries. */
    public Optional<SignedHead> headAtMost(long size) {
        return LedgerHeads.atMost(pool, size);
    }

    /** Signed heads of sizes in (from, to], ascending. */
    public List<SignedHead> headsBetween(long from, long to) {
        return LedgerHeads.between(pool, from, to);
    }

    public void anchored(long size, SignedHead.Anchor anchor) {
        LedgerHeads.anchored(pool, size, anchor);
    }

    /** Runs a read against the tree as it stands (every leaf in it is committed). */
    public <T> T read(Function<MerkleTree, T> reader) {
        return sequencer.read(reader);
    }

    public Frontier frontier(long size) {
        return sequencer.frontier(size);
    }

    /** The stored leaf hash of position {@code index}. */
    public byte[] leafHash(long index) {
        return sequencer.leafHash(index);
    }

    /** The entry at {@code index} as stored now (it may have been altered; its leaf hash says what was signed). */
    public Optional<LedgerEntry> entry(long index) {
        List<LedgerEntry> one = entries(index, index + 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * At most {@code limit} entries at positions in [{@code from}, {@code size}), ascending; only those
     * about {@code subject} when one is given.
     */
    public List<LedgerEntry> entriesFrom(long from, long size, int limit, Optional<String> subject) {
        return listed("leaf_index >= $1 and leaf_index < $2", "order by leaf_index", Tuple.of(from, size), limit, subject);
    }

    /**
     * The newest {@code limit} entries at positions below {@code size}, newest first; only those
     * about {@code subject} when one is given.
     */
    public List<LedgerEntry> newestEntries(long size, int limit, Optional<String> subject) {
        return listed("leaf_index < $1", "order by leaf_index desc", Tuple.of(size), limit, subject);
    }

    private List<LedgerEntry> listed(String range, String order, Tuple args, int limit, Optional<String> subject) {
        String where = range;
        if (subject.isPresent()) {
            args.addString(subject.get());
            where += " and subject = $" + args.size();
        }
        args.addInteger(limit);
        return pool.preparedQuery("select leaf_index, " + LedgerRows.COLUMNS + " from node_event where " + where + " "
                        + order + " limit $" + args.size())
                .execute(args)
                .map(rows -> {
                    List<LedgerEntry> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(LedgerRows.entry(r.getLong("leaf_index"), r));
                    }
                    return out;
                }).await().atMost(Duration.ofSeconds(60));
    }

    /** Entries with positions in [from, to), ascending, as stored now. */
    public List<LedgerEntry> entries(long from, long to) {
        return pool.preparedQuery("select leaf_index, " + LedgerRows.COLUMNS + " from node_event"
                        + " where leaf_index >= $1 and leaf_index < $2 order by leaf_index")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<LedgerEntry> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(LedgerRows.entry(r.getLong("leaf_index"), r));
                    }
                    return out;
                }).await().atMost(Duration.ofSeconds(60));
    }
}
