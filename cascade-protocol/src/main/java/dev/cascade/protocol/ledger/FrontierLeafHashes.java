package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The leaves of a log from a {@link Frontier} on: the frontier stands for leaves [0, A), leaves
 * [A, …) are appended. {@link MerkleTree#root(long)} works for every size from A to {@link #size()};
 * proofs and roots that need a leaf before A, or a subtree inside [0, A) other than a frontier
 * subtree, cannot be answered and throw.
 *
 * <p>Like {@link MemoryLeafHashes}, appending keeps every complete subtree hash as it fills; the
 * frontier subtrees are exactly the left siblings the first appends complete with, so subtree
 * positions stay those of the whole log. About 2 hashes are held per appended leaf.
 * Not thread-safe: one appender, readers after it.
 */
public final class FrontierLeafHashes implements LeafHashes {

    private final Frontier frontier;
    private final LedgerHash hash;
    /** levels.get(l) holds complete subtrees of 2^l leaves from index (A >>> l) on. */
    private final List<HashColumn> levels = new ArrayList<>();
    private long size;

    public FrontierLeafHashes(Frontier frontier) {
        this.frontier = Objects.requireNonNull(frontier, "frontier");
        this.hash = frontier.hash();
        this.size = frontier.size();
        levels.add(new HashColumn(hash.length()));
    }

    @Override
    public LedgerHash hash() {
        return hash;
    }

    @Override
    public long size() {
        return size;
    }

    /** The first index this store holds a leaf for, A. */
    public long start() {
        return frontier.size();
    }

    /** Appends leaf {@link #size()} and returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != hash.length()) {
            throw new IllegalArgumentException("a " + hash + " leaf hash has " + hash.length() + " bytes, not " + leafHash.length);
        }
        long index = size;
        byte[] carry = leafHash;
        int level = 0;
        long position = index;
        // A binary counter started at A: each trailing 1 bit completes a subtree whose left
        // sibling is either appended here or, the first time at that level, a frontier subtree.
        while (true) {
            levels.get(level).add(carry);
            if ((position & 1) == 0) {
                break;
            }
            carry = hash.nodeHash(subtreeHash(level, position - 1), carry);
            position >>>= 1;
            level++;
            if (levels.size() == level) {
                levels.add(new HashColumn(hash.length()));
            }
        }
        size = index + 1;
        return index;
    }

    @Override
    public byte[] leafHash(long index) {
        return subtreeHash(0, index);
    }

    @Override
    public byte[] subtreeHash(int level, long index) {
        long first = level < 63 ? start() >>> level : 0;
        if (level >= 0 && level < levels.size() && index >= first && index - first < levels.get(level).count()) {
            return levels.get(level).get(index - first);
        }
        for (Frontier.Subtree subtree : frontier.subtrees()) {
            if (subtree.level() == level && subtree.index() == index) {
                return subtree.hash();
            }
        }
        throw new IllegalArgumentException("no subtree at level " + level + " index " + index + " is held for leaves "
                + start() + " to " + size + " after a frontier");
    }
}
