package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of the complete subtrees that cover a log's first {@code size} leaves: one per set
 * bit of {@code size}, largest first (the binary decomposition of {@code size}). With them, the
 * leaves from {@code size} on are enough to compute the root of any larger tree, so an export of
 * leaves [A, B) carries the frontier of A instead of the A leaves before it.
 */
public record Frontier(LedgerHash hash, long size, List<Subtree> subtrees) {

    /** The complete subtree holding leaves [index·2^level, (index+1)·2^level). */
    public record Subtree(int level, long index, byte[] hash) {
        public Subtree {
            Objects.requireNonNull(hash, "hash");
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Subtree that && level == that.level && index == that.index
                    && Arrays.equals(hash, that.hash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(level, index, Arrays.hashCode(hash));
        }

        @Override
        public String toString() {
            return "Subtree[level=" + level + ", index=" + index + ", hash=" + HexFormat.of().formatHex(hash) + "]";
        }
    }

    /** @throws IllegalArgumentException unless the subtrees are exactly the decomposition of size, with hashes of the function's length */
    public Frontier {
        Objects.requireNonNull(hash, "hash");
        subtrees = List.copyOf(subtrees);
        if (size < 0) {
            throw new IllegalArgumentException("negative frontier size " + size);
        }
        List<long[]> expected = positionsCovering(size);
        if (subtrees.size() != expected.size()) {
            throw new IllegalArgumentException("the frontier of " + size + " leaves has " + expected.size()
                    + " subtrees, not " + subtrees.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            Subtree subtree = subtrees.get(i);
            if (subtree.level() != expected.get(i)[0] || subtree.index() != expected.get(i)[1]) {
                throw new IllegalArgumentException("subtree " + i + " of the frontier of " + size + " leaves is at level "
                        + expected.get(i)[0] + " index " + expected.get(i)[1] + ", not level " + subtree.level()
                        + " index " + subtree.index());
            }
            if (subtree.hash.length != hash.length()) {
                throw new IllegalArgumentException("a " + hash + " frontier hash has " + hash.length() + " bytes, not "
                        + subtree.hash.length);
            }
        }
    }

    /** The frontier of the first {@code size} leaves of {@code leaves}. */
    public static Frontier of(LeafHashes leaves, long size) {
        Objects.requireNonNull(leaves, "leaves");
        if (size > leaves.size()) {
            throw new IllegalArgumentException("a log of " + leaves.size() + " leaves has no frontier at " + size);
        }
        List<Subtree> subtrees = new ArrayList<>();
        for (long[] position : positionsCovering(size)) {
            int level = (int) position[0];
            subtrees.add(new Subtree(level, position[1], leaves.subtreeHash(level, position[1])));
        }
        return new Frontier(leaves.hash(), size, subtrees);
    }

    /** The frontier of an empty log. */
    public static Frontier empty(LedgerHash hash) {
        return new Frontier(hash, 0, List.of());
    }

    /** MTH of the first {@code size} leaves: the subtrees folded from the right (RFC 9162 §2.1.1). */
    public byte[] root() {
        if (subtrees.isEmpty()) {
            return hash.emptyRoot();
        }
        byte[] root = subtrees.get(subtrees.size() - 1).hash;
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            root = hash.nodeHash(subtrees.get(i).hash, root);
        }
        return root;
    }

    /** {level, index} of each subtree covering [0, size), largest first. */
    private static List<long[]> positionsCovering(long size) {
        List<long[]> positions = new ArrayList<>();
        for (int level = 62; level >= 0; level--) {
            if (((size >>> level) & 1) == 1) {
                positions.add(new long[] {level, (size >>> level) - 1});
            }
        }
        return positions;
    }
}
