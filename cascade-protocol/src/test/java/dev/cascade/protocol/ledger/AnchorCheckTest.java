package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A parent anchors a child's head only when it extends the history it anchored before. */
class AnchorCheckTest {

    private final MemoryLeafHashes log = new MemoryLeafHashes(LedgerHash.SM3);

    private TreeHead headAt(long size) {
        while (log.size() < size) {
            log.append(("entry " + log.size()).getBytes());
        }
        return new TreeHead(size, new MerkleTree(log).root(size), 1_700_000_000_000L + size, LedgerHash.SM3);
    }

    @Test
    void theFirstHeadIsTakenAsStatedAndAProofFromAnotherSizeIsAskedAgain() {
        TreeHead first = headAt(5);
        assertThat(AnchorCheck.judge(Optional.empty(), first, 0, List.of())).isInstanceOf(AnchorCheck.Extends.class);
        assertThat(AnchorCheck.judge(Optional.empty(), first, 3, List.of())).isEqualTo(new AnchorCheck.ProveFrom(0));
    }

    @Test
    void aHeadThatExtendsTheAnchoredOneByAValidProofIsAnchored() {
        TreeHead anchored = headAt(5);
        TreeHead next = headAt(12);
        List<byte[]> proof = new MerkleTree(log).consistencyProof(5, 12);
        assertThat(AnchorCheck.judge(Optional.of(anchored), next, 5, proof)).isInstanceOf(AnchorCheck.Extends.class);
        assertThat(AnchorCheck.judge(Optional.of(anchored), anchored, 5, List.of())).isInstanceOf(AnchorCheck.Extends.class);
    }

    @Test
    void aProofFromASizeOtherThanTheAnchoredOneIsSentBackWithTheAnchoredSize() {
        TreeHead anchored = headAt(5);
        TreeHead next = headAt(12);
        assertThat(AnchorCheck.judge(Optional.of(anchored), next, 0, List.of())).isEqualTo(new AnchorCheck.ProveFrom(5));
    }

    @Test
    void fewerEntriesThanAnchoredIsATruncation() {
        TreeHead small = headAt(4);
        TreeHead anchored = headAt(9);
        assertThat(AnchorCheck.judge(Optional.of(anchored), small, 9, List.of())).isEqualTo(new AnchorCheck.Truncated(9, 4));
    }

    @Test
    void theSameSizeWithAnotherRootIsAFork() {
        TreeHead anchored = headAt(6);
        TreeHead other = new TreeHead(6, new byte[32], anchored.timestampMillis(), LedgerHash.SM3);
        assertThat(AnchorCheck.judge(Optional.of(anchored), other, 6, List.of())).isEqualTo(new AnchorCheck.Forked(6));
    }

    @Test
    void aHistoryWithAnEarlierEntryChangedIsARewriteEvenWithTheProofOfItsOwnTree() {
        TreeHead anchored = headAt(7);
        // The rewritten log: entry 2 changed, then grown; its own proof is well formed but not from the anchored root.
        MemoryLeafHashes rewritten = new MemoryLeafHashes(LedgerHash.SM3);
        for (int i = 0; i < 11; i++) {
            rewritten.append((i == 2 ? "nothing happened" : "entry " + i).getBytes());
        }
        MerkleTree tree = new MerkleTree(rewritten);
        TreeHead next = new TreeHead(11, tree.root(11), anchored.timestampMillis() + 1, LedgerHash.SM3);
        AnchorCheck.Verdict verdict = AnchorCheck.judge(Optional.of(anchored), next, 7, tree.consistencyProof(7, 11));
        assertThat(verdict).isInstanceOf(AnchorCheck.Rewritten.class);
        assertThat(((AnchorCheck.Rewritten) verdict).anchored()).isEqualTo(7);
    }

    @Test
    void aHeadUnderAnotherHashFunctionIsARewrite() {
        TreeHead anchored = headAt(3);
        MemoryLeafHashes sha = new MemoryLeafHashes(LedgerHash.SHA256);
        for (int i = 0; i < 4; i++) {
            sha.append(("entry " + i).getBytes());
        }
        TreeHead next = new TreeHead(4, new MerkleTree(sha).root(), anchored.timestampMillis(), LedgerHash.SHA256);
        assertThat(AnchorCheck.judge(Optional.of(anchored), next, 3, List.of())).isInstanceOf(AnchorCheck.Rewritten.class);
    }
}
