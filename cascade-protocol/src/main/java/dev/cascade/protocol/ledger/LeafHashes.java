package dev.cascade.protocol.ledger;

/**
 * Read access to a log's leaf hashes, whatever holds them (memory here, PostgreSQL in a node).
 * {@link MerkleTree} computes roots and proofs over this interface only.
 *
 * <p>The proofs need hashes of complete subtrees (2^level leaves starting at a multiple of
 * 2^level). The default computes them from the leaves, which costs 2^level hashes; a store that
 * keeps complete subtree hashes as they fill (as {@link MemoryLeafHashes} does) overrides
 * {@link #subtreeHash} so roots and proofs cost O(log n) look-ups.
 */
public interface LeafHashes {

    /** The function the leaf hashes were made with. */
    LedgerHash hash();

    /** Number of leaves. */
    long size();

    /** HASH(0x00 || entry) of leaf {@code index}, 0 ≤ index &lt; size. */
    byte[] leafHash(long index);

    /**
     * MTH of the complete subtree holding leaves [index·2^level, (index+1)·2^level), all of which
     * are below {@link #size()}.
     */
    default byte[] subtreeHash(int level, long index) {
        if (level == 0) {
            return leafHash(index);
        }
        return hash().nodeHash(subtreeHash(level - 1, 2 * index), subtreeHash(level - 1, 2 * index + 1));
    }
}
