package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ledger of a million entries: once the leaf hashes are stored, its root and proofs take
 * O(log n) work, not a pass over the log. No timing is asserted (the machine is shared); the
 * figures are printed for docs/benchmarks.md.
 */
class MerkleTreeMillionLeavesTest {

    private static final int LEAVES = 1_000_000;

    @Test
    void a_million_leaves_give_a_root_and_proofs_that_verify() {
        MemoryLeafHashes log = new MemoryLeafHashes(LedgerHash.SM3);
        ByteBuffer entry = ByteBuffer.allocate(8);
        long t0 = System.nanoTime();
        for (int i = 0; i < LEAVES; i++) {
            log.append(entry.putLong(0, i).array());
        }
        long t1 = System.nanoTime();
        MerkleTree tree = new MerkleTree(log);
        byte[] root = tree.root();
        long t2 = System.nanoTime();
        long leaf = 765_432;
        List<byte[]> path = tree.inclusionProof(leaf, LEAVES);
        long t3 = System.nanoTime();
        long first = 700_001;
        List<byte[]> consistency = tree.consistencyProof(first, LEAVES);
        long t4 = System.nanoTime();
        byte[] firstRoot = tree.root(first);

        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SM3, log.leafHash(leaf), leaf, LEAVES, path, root))
                .isInstanceOf(ProofCheck.Verified.class);
        assertThat(MerkleProofs.verifyConsistency(LedgerHash.SM3, first, LEAVES, firstRoot, root, consistency))
                .isInstanceOf(ProofCheck.Verified.class);
        long t5 = System.nanoTime();
        assertThat(path).hasSize(20);

        System.out.printf("ledger, SM3, %,d leaves: append %.0f ms, root %.3f ms, inclusion proof (%d hashes) %.3f ms, "
                        + "consistency proof %,d→%,d (%d hashes) %.3f ms, root at %,d + both verifications %.3f ms%n",
                LEAVES, ms(t0, t1), ms(t1, t2), path.size(), ms(t2, t3), first, LEAVES, consistency.size(), ms(t3, t4),
                first, ms(t4, t5));
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
