package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Roots and proofs of the Merkle tree over a log's leaf hashes, exactly as RFC 9162 §2.1 defines
 * them, for any tree size up to the log's current size (an old tree head stays provable).
 *
 * <p>The RFC's recursive definitions are followed literally; every subtree they name is either
 * complete (2^k leaves, aligned) and read from {@link LeafHashes#subtreeHash}, or the right edge of
 * a tree, whose MTH is assembled from at most log2(n) complete subtrees. With a store that keeps
 * complete subtree hashes, a root is O(log n) and a proof O(log² n) look-ups and hashes.
 */
public final class MerkleTree {

    private final LeafHashes leaves;
    private final LedgerHash hash;

    public MerkleTree(LeafHashes leaves) {
        this.leaves = Objects.requireNonNull(leaves, "leaves");
        this.hash = Objects.requireNonNull(leaves.hash(), "leaves.hash()");
    }

    public LedgerHash hash() {
        return hash;
    }

    /** Number of leaves currently in the log. */
    public long size() {
        return leaves.size();
    }

    /** MTH(D[0:size]) of the log's first {@code size} leaves (RFC 9162 §2.1.1). */
    public byte[] root(long size) {
        requireSize(size);
        return size == 0 ? hash.emptyRoot() : mth(0, size);
    }

    /** The root of the whole log. */
    public byte[] root() {
        return root(leaves.size());
    }

    /**
     * PATH(index, D[0:size]), the audit path of leaf {@code index} in the tree of the first
     * {@code size} leaves, nearest sibling first (RFC 9162 §2.1.3.1).
     *
     * @throws IllegalArgumentException unless 0 ≤ index &lt; size ≤ the log's size
     */
    public List<byte[]> inclusionProof(long index, long size) {
        requireSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return Collections.unmodifiableList(path);
    }

    /**
     * PROOF(first, D[0:second]), showing the tree of {@code first} leaves is a prefix of the tree of
     * {@code second} leaves (RFC 9162 §2.1.4.1). Empty when first is 0 or equals second: the RFC
     * defines proofs for 0 &lt; first &lt; second, and nothing needs proving otherwise.
     *
     * @throws IllegalArgumentException unless 0 ≤ first ≤ second ≤ the log's size
     */
    public List<byte[]> consistencyProof(long first, long second) {
        requireSize(second);
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("a tree of " + first + " leaves cannot be a prefix of one of " + second);
        }
        if (first == 0 || first == second) {
            return List.of();
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(first, 0, second, true, proof);
        return Collections.unmodifiableList(proof);
    }

    private void requireSize(long size) {
        if (size < 0 || size > leaves.size()) {
            throw new IllegalArgumentException("tree size " + size + " outside the log's 0.." + leaves.size());
        }
    }

    // §2.1.3.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k,
    //                           PATH(m - k, D[k:n]) : MTH(D[0:k]) for m ≥ k; {} for n = 1.
    // start is the offset of D[n] within the log.
    private void path(long m, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(mth(start + k, start + n));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(mth(start, start + k));
        }
    }

    // §2.1.4.1: SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])};
    // for m < n: m ≤ k → SUBPROOF(m, D[0:k], b) : MTH(D[k:n]);
    //            m > k → SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
    private void subproof(long m, long start, long n, boolean startsAtRoot, List<byte[]> out) {
        if (m == n) {
            if (!startsAtRoot) {
                out.add(mth(start, start + n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, k, startsAtRoot, out);
            out.add(mth(start + k, start + n));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(mth(start, start + k));
        }
    }

    // MTH(D[from:to]) for a non-empty range the recursion reaches: from is always a multiple of the
    // smallest power of two ≥ (to - from), so a power-of-two range is a complete, aligned subtree.
    private byte[] mth(long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return leaves.subtreeHash(level, from >>> level);
        }
        long k = largestPowerOfTwoBelow(n);
        return hash.nodeHash(mth(from, from + k), mth(from + k, to));
    }

    /** The k of RFC 9162 §2.1.1: the largest power of two smaller than n, for n &gt; 1. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
