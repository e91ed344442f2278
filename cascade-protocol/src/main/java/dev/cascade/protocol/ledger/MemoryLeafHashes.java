package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An append-only, in-memory store of leaf hashes that also keeps the hash of every complete
 * subtree as it fills. Each append costs one leaf hash plus, amortised, one interior hash; the
 * store holds about 2n hashes (64 MB for a million leaves), so any root or proof afterwards is
 * O(log n) look-ups. Not thread-safe: one appender, readers after it.
 */
public final class MemoryLeafHashes implements LeafHashes {

    private final LedgerHash hash;
    private final int hashLength;
    /** levels.get(l) holds complete subtrees of 2^l leaves, left to right; level 0 are the leaves. */
    private final List<HashColumn> levels = new ArrayList<>();
    private long size;

    public MemoryLeafHashes(LedgerHash hash) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.hashLength = hash.length();
        levels.add(new HashColumn(hashLength));
    }

    @Override
    public LedgerHash hash() {
        return hash;
    }

    @Override
    public long size() {
        return size;
    }

    /** Appends an entry (hashed as a leaf) and returns its index. */
    public long append(byte[] entry) {
        Objects.requireNonNull(entry, "entry");
        return appendLeafHash(hash.leafHash(entry));
    }

    /** Appends a leaf hash computed elsewhere (for instance loaded from storage) and returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != hashLength) {
            throw new IllegalArgumentException("a " + hash + " leaf hash has " + hashLength + " bytes, not " + leafHash.length);
        }
        long index = size;
        byte[] carry = leafHash;
        int level = 0;
        long position = index;
        // Like incrementing a binary counter: each trailing 1 bit of the index completes a subtree.
        while (true) {
            levels.get(level).add(carry);
            if ((position & 1) == 0) {
                break;
            }
            carry = hash.nodeHash(levels.get(level).get(position - 1), carry);
            position >>>= 1;
            level++;
            if (levels.size() == level) {
                levels.add(new HashColumn(hashLength));
            }
        }
        size = index + 1;
        return index;
    }

    @Override
    public byte[] leafHash(long index) {
        Objects.checkIndex(index, size);
        return levels.get(0).get(index);
    }

    @Override
    public byte[] subtreeHash(int level, long index) {
        if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).count()) {
            throw new IllegalArgumentException("no complete subtree at level " + level + " index " + index
                    + " in a log of " + size + " leaves");
        }
        return levels.get(level).get(index);
    }
}
