package dev.cascade.node.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MemoryLeafHashes;
import dev.cascade.protocol.ledger.MerkleTree;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.trust.NodeCredentials;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.cascade.protocol.ledger.Frontier;
import java.util.Arrays;

/**
 * Gives ledger rows their positions and signs heads over them. Producers write rows (in the
 * transaction of the change they record) with no position; one sequencer per node takes the
 * waiting rows in id order, gives them the next indexes, stores their leaf hashes and a signed head
 * in one transaction, then extends the in-memory tree. Committing positions and head together
 * means the log on disk is always exactly the tree of some signed head.
 *
 * <p>Framework-free so the benchmark can drive it on a bare pool.
 */
public final class LedgerSequencer {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One sequenced batch: the head it ends with and when each of its entries had occurred. */
    public record Batch(SignedHead head, List<Instant> occurred, Instant signedAt) {
    }

    private final Pool pool;
    private final LedgerHash hash;
    private final NodeCredentials signer;
    private final Clock clock;
    private final int maxBatch;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private MemoryLeafHashes leaves;
    private volatile SignedHead latest;

    public LedgerSequencer(Pool pool, LedgerHash hash, NodeCredentials signer, Clock clock, int maxBatch) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxBatch = maxBatch;
        this.leaves = new MemoryLeafHashes(hash);
    }

    public LedgerHash hash() {
        return hash;
    }

    /**
     * Rebuilds the tree from the stored leaf hashes and reads the newest signed head.
     *
     * @return a description of the disagreement when the stored leaves do not give the newest
     *     signed head's root (the log was altered while the node was down), empty when they agree
     */
    public Optional<String> load() {
        MemoryLeafHashes loaded = new MemoryLeafHashes(hash);
        // Streamed in pages: a million 32-byte hashes is 32 MB, never one result set in memory at once.
        // The run stops at the first position that is not the next one: a deleted row is a gap.
        long gapAt = -1;
        while (gapAt < 0) {
            long from = loaded.size();
            List<Row> page = rows("select leaf_index, leaf_hash from node_event where leaf_index >= $1 order by leaf_index"
                    + " limit 50000", Tuple.of(from));
            for (Row r : page) {
                if (r.getLong("leaf_index") != loaded.size()) {
                    gapAt = loaded.size();
                    break;
                }
                loaded.appendLeafHash(r.getBuffer("leaf_hash").getBytes());
            }
            if (page.size() < 50000 && gapAt < 0) {
                break;
            }
        }
        long stored = pool.query("select count(*) from node_event where leaf_index is not null").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
        Optional<SignedHead> newest = LedgerHeads.newest(pool);
        lock.writeLock().lock();
        try {
            leaves = loaded;
            latest = newest.orElse(null);
        } finally {
            lock.writeLock().unlock();
        }
        if (stored != loaded.size()) {
            return Optional.of("the ledger has " + stored + " positioned entries but only positions 0.." + (loaded.size() - 1)
                    + " run unbroken: entry " + loaded.size() + " is missing");
        }
        if (newest.isPresent()) {
            TreeHead head = newest.get().head();
            if (head.size() > loaded.size()) {
                return Optional.of("the newest signed head covers " + head.size() + " entries but only " + loaded.size()
                        + " are stored");
            }
            if (!Arrays.equals(read(t -> t.root(head.size())), head.rootHash())) {
                return Optional.of("the stored leaves do not give the root of the signed head of size " + head.size());
            }
        }
        return Optional.empty();
    }

    /** Sequences up to one batch of waiting rows; empty when none were waiting. */
    public Optional<Batch> sequenceOnce() {
        List<Row> waiting = rows("select id, " + LedgerRows.COLUMNS + " from node_event where leaf_index is null order by id"
                + " limit $1", Tuple.of(maxBatch));
        if (waiting.isEmpty()) {
            return Optional.empty();
        }

        lock.writeLock().lock();
        try {
            long first = leaves.size();
            int n = waiting.size();
            Long[] ids = new Long[n];
            Long[] indexes = new Long[n];
            Buffer[] hashes = new Buffer[n];
            List<Instant> occurred = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row r = waiting.get(i);
                LedgerEntry entry = LedgerRows.entry(first + i, r);
                byte[] leaf = entry.leafHash(hash);
                leaves.appendLeafHash(leaf);
                ids[i] = r.getLong("id");
                indexes[i] = first + i;
                hashes[i] = Buffer.buffer(leaf);
                occurred.add(Instant.ofEpochMilli(entry.occurredAtMillis()));
            }
            Instant now = clock.instant();
            TreeHead head = new TreeHead(leaves.size(), new MerkleTree(leaves).root(), now.toEpochMilli(), hash);
            byte[] signature = TreeHeadSignatures.sign(signer, head);
            try {
                pool.withTransaction(tx -> tx.preparedQuery("update node_event set leaf_index = u.idx, leaf_hash = u.h"
                                + " from unnest($1::bigint[], $2::bigint[], $3::bytea[]) as u(id, idx, h)"
                                + " where node_event.id = u.id and node_event.leaf_index is null")
                        .execute(Tuple.of(ids, indexes, hashes))
                        .invoke(updated -> {
                            if (updated.rowCount() != n) {
                                throw new IllegalStateException("only " + updated.rowCount() + " of " + n
                                        + " ledger rows could be positioned (a second sequencer?)");
                            }
                        })
                        .chain(() -> tx.preparedQuery("insert into ledger_head (tree_size, head, signature, signed_at)"
                                        + " values ($1, $2, $3, $4)")
                                .execute(Tuple.of(head.size(), Buffer.buffer(head.encoded()), Buffer.buffer(signature),
                                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))))
                        .await().atMost(WAIT);
            } catch (RuntimeException e) {
                // Nothing was committed: the tree must not keep leaves the database does not have.
                leaves = rebuiltPrefix(first);
                throw e;
            }
            SignedHead signed = new SignedHead(head, signature, Optional.empty());
            latest = signed;
            return Optional.of(new Batch(signed, occurred, now));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The newest signed head, if the node ever signed one. */
    public Optional<SignedHead> latest() {
        return Optional.ofNullable(latest);
    }

    /** Runs a read against the current tree; no batch is sequenced meanwhile. */
    public <T> T read(Function<MerkleTree, T> reader) {
        return readLeaves(leaves -> reader.apply(new MerkleTree(leaves)));
    }

    /** The hashes of the complete subtrees covering positions [0, size) (an export's header). */
    public Frontier frontier(long size) {
        return readLeaves(leaves -> Frontier.of(leaves, size));
    }

    /** The stored leaf hash of one position, from the tree. */
    public byte[] leafHash(long index) {
        return readLeaves(leaves -> leaves.leafHash(index));
    }

    private <T> T readLeaves(Function<MemoryLeafHashes, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(leaves);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Row> rows(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Row> out = new ArrayList<>(rows.size());
            rows.forEach(out::add);
            return out;
        }).await().atMost(WAIT);
    }

    private MemoryLeafHashes rebuiltPrefix(long size) {
        MemoryLeafHashes copy = new MemoryLeafHashes(hash);
        for (long i = 0; i < size; i++) {
            copy.appendLeafHash(leaves.leafHash(i));
        }
        return copy;
    }
}
