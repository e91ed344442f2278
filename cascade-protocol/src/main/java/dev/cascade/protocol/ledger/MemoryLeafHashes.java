package dev.cascade.protocol.ledger;

import java.util.Objects;

/**
 * An append-only, in-memory store of leaf hashes that also keeps the hash of every complete
 * subtree as it fills. Each append costs one leaf hash plus, amortised, one interior hash; the
 * store holds about 2n hashes (64 MB for a million leaves), so any root or proof afterwards is
 * O(log n) look-ups. Not thread-safe: one appender, readers after it.
 *
 * <p>It is a whole log, i.e. a {@link FrontierLeafHashes} whose frontier is empty.
 */
public final class MemoryLeafHashes implements LeafHashes {

    private final LedgerHash hash;
    private final FrontierLeafHashes store;

    public MemoryLeafHashes(LedgerHash hash) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.store = new FrontierLeafHashes(Frontier.empty(hash));
    }

    @Override
    public LedgerHash hash() {
        return hash;
    }

    @Override
    public long size() {
        return store.size();
    }

    /** Appends an entry (hashed as a leaf) and returns its index. */
    public long append(byte[] entry) {
        Objects.requireNonNull(entry, "entry");
        return appendLeafHash(hash.leafHash(entry));
    }

    /** Appends a leaf hash computed elsewhere (for instance loaded from storage) and returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        return store.appendLeafHash(leafHash);
    }

    @Override
    public byte[] leafHash(long index) {
        Objects.checkIndex(index, store.size());
        return store.leafHash(index);
    }

    @Override
    public byte[] subtreeHash(int level, long index) {
        return store.subtreeHash(level, index);
    }
}
