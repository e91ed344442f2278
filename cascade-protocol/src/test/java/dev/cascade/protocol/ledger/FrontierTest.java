package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrontierTest {

    private static final int LEAVES = 70;

    private static MemoryLeafHashes log(LedgerHash hash, int size) {
        MemoryLeafHashes log = new MemoryLeafHashes(hash);
        for (int i = 0; i < size; i++) {
            log.append(ByteBuffer.allocate(8).putLong(i).array());
        }
        return log;
    }

    @Test
    void the_frontier_is_the_binary_decomposition_of_its_size_largest_first() {
        Frontier frontier = Frontier.of(log(LedgerHash.SM3, 13), 13);
        assertThat(frontier.subtrees()).extracting(Frontier.Subtree::level, Frontier.Subtree::index)
                .containsExactly(tuple(3, 0L), tuple(2, 2L),
                        tuple(0, 12L));
        assertThat(Frontier.of(log(LedgerHash.SM3, 13), 0).subtrees()).isEmpty();
        assertThat(Frontier.of(log(LedgerHash.SM3, 16), 16).subtrees()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void the_frontier_folds_to_the_root_of_the_leaves_it_covers(LedgerHash hash) {
        MemoryLeafHashes log = log(hash, LEAVES);
        MerkleTree tree = new MerkleTree(log);
        for (int size = 0; size <= LEAVES; size++) {
            assertThat(Frontier.of(log, size).root()).as("size %d", size).isEqualTo(tree.root(size));
        }
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void a_frontier_and_the_leaves_after_it_give_every_root_of_the_whole_log(LedgerHash hash) {
        MemoryLeafHashes log = log(hash, LEAVES);
        MerkleTree whole = new MerkleTree(log);
        for (int start = 0; start <= LEAVES; start++) {
            FrontierLeafHashes suffix = new FrontierLeafHashes(Frontier.of(log, start));
            MerkleTree tree = new MerkleTree(suffix);
            assertThat(tree.root(start)).as("A=%d n=%d", start, start).isEqualTo(whole.root(start));
            for (int n = start + 1; n <= LEAVES; n++) {
                assertThat(suffix.appendLeafHash(log.leafHash(n - 1))).isEqualTo(n - 1);
                assertThat(tree.root(n)).as("A=%d n=%d", start, n).isEqualTo(whole.root(n));
            }
            for (int n = start; n <= LEAVES; n++) {
                assertThat(tree.root(n)).as("A=%d n=%d after all appends", start, n).isEqualTo(whole.root(n));
            }
        }
    }

    @Test
    void leaves_before_the_frontier_are_not_held() {
        MemoryLeafHashes log = log(LedgerHash.SM3, 10);
        FrontierLeafHashes suffix = new FrontierLeafHashes(Frontier.of(log, 6));
        suffix.appendLeafHash(log.leafHash(6));
        assertThat(suffix.leafHash(6)).isEqualTo(log.leafHash(6));
        assertThat(suffix.subtreeHash(1, 2)).isEqualTo(log.subtreeHash(1, 2));
        assertThatThrownBy(() -> suffix.leafHash(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MerkleTree(suffix).root(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_frontier_that_is_not_the_decomposition_of_its_size_is_refused() {
        byte[] h = new byte[32];
        assertThatThrownBy(() -> new Frontier(LedgerHash.SM3, 6, List.of(new Frontier.Subtree(2, 0, h))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 subtrees, not 1");
        assertThatThrownBy(() -> new Frontier(LedgerHash.SM3, 6,
                List.of(new Frontier.Subtree(1, 2, h), new Frontier.Subtree(2, 0, h))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subtree 0");
        assertThatThrownBy(() -> new Frontier(LedgerHash.SM3, 4, List.of(new Frontier.Subtree(2, 0, new byte[20]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
    }
}
