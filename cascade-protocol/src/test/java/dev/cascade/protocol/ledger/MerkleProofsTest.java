package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every tree of 1 to 70 leaves, every leaf and every earlier size: the efficient tree agrees with
 * RFC 9162's definitions transcribed naively, its proofs verify, and any change to a proof, an
 * index, a size, a root or a leaf makes verification fail.
 */
class MerkleProofsTest {

    private static final int MAX = 70;

    private static List<byte[]> entries(int n) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(ByteBuffer.allocate(12).putInt(0x63617363).putLong(i).array());
        }
        return entries;
    }

    private static MerkleTree tree(LedgerHash hash) {
        MemoryLeafHashes log = new MemoryLeafHashes(hash);
        entries(MAX).forEach(log::append);
        return new MerkleTree(log);
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void roots_and_proofs_are_those_of_the_rfc_definitions_whatever_the_store(LedgerHash hash) {
        NaiveMerkle naive = new NaiveMerkle(hash);
        List<byte[]> entries = entries(MAX);
        MerkleTree cached = tree(hash);
        MerkleTree bare = new MerkleTree(new ListLeafHashes(hash, entries));
        for (int n = 0; n <= MAX; n++) {
            List<byte[]> d = entries.subList(0, n);
            assertThat(cached.root(n)).as("root %d", n).isEqualTo(naive.mth(d));
            assertThat(bare.root(n)).as("root %d over leaf hashes only", n).isEqualTo(naive.mth(d));
            for (int m = 0; m < n; m++) {
                assertThat(cached.inclusionProof(m, n)).as("path %d in %d", m, n).containsExactlyElementsOf(naive.path(m, d));
                assertThat(bare.inclusionProof(m, n)).as("path %d in %d", m, n).containsExactlyElementsOf(naive.path(m, d));
            }
            for (int m = 1; m < n; m++) {
                assertThat(cached.consistencyProof(m, n)).as("proof %d → %d", m, n)
                        .containsExactlyElementsOf(naive.proof(m, d));
                assertThat(bare.consistencyProof(m, n)).as("proof %d → %d", m, n)
                        .containsExactlyElementsOf(naive.proof(m, d));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void every_audit_path_verifies_and_no_altered_one_does(LedgerHash hash) {
        MerkleTree tree = tree(hash);
        List<byte[]> entries = entries(MAX);
        byte[][] roots = roots(tree);
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m < n; m++) {
                byte[] leaf = hash.leafHash(entries.get(m));
                List<byte[]> path = tree.inclusionProof(m, n);
                String at = "leaf " + m + " of " + n;
                assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, n, path, roots[n]).verified()).as(at).isTrue();

                for (List<byte[]> altered : alterations(path, roots[n])) {
                    assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, n, altered, roots[n]).verified())
                            .as("%s, path altered", at).isFalse();
                }
                for (int other = 0; other < n; other++) {
                    if (other != m) {
                        assertThat(MerkleProofs.verifyInclusion(hash, leaf, other, n, path, roots[n]).verified())
                                .as("%s claimed as leaf %d", at, other).isFalse();
                        assertThat(MerkleProofs.verifyInclusion(hash, hash.leafHash(entries.get(other)), m, n, path,
                                roots[n]).verified()).as("%s with the leaf of %d", at, other).isFalse();
                    }
                }
                // A signed head binds a size to its root, so a changed size comes with that size's root.
                for (int size = m + 1; size <= MAX; size++) {
                    if (size != n) {
                        assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, size, path, roots[size]).verified())
                                .as("%s claimed in the head of %d", at, size).isFalse();
                    }
                }
                assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, 2L * n, path, roots[n]).verified())
                        .as("%s claimed in a tree twice its size", at).isFalse();
                if (n / 2 > m) {
                    assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, n / 2, path, roots[n]).verified())
                            .as("%s claimed in a tree half its size", at).isFalse();
                }
                assertThat(MerkleProofs.verifyInclusion(hash, leaf, m, n, path, flip(roots[n], 31)).verified())
                        .as("%s against an altered root", at).isFalse();
                assertThat(MerkleProofs.verifyInclusion(hash, flip(leaf, 0), m, n, path, roots[n]).verified())
                        .as("%s with an altered leaf", at).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void every_consistency_proof_verifies_and_no_altered_one_does(LedgerHash hash) {
        MerkleTree tree = tree(hash);
        byte[][] roots = roots(tree);
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                String at = m + " → " + n;
                assertThat(MerkleProofs.verifyConsistency(hash, m, n, roots[m], roots[n], proof).verified()).as(at).isTrue();

                for (List<byte[]> altered : alterations(proof, roots[n])) {
                    assertThat(MerkleProofs.verifyConsistency(hash, m, n, roots[m], roots[n], altered).verified())
                            .as("%s, proof altered", at).isFalse();
                }
                // An empty proof is also the genuine proof from the empty tree and between equal sizes,
                // so a changed size must fail unless the proof is that size's own proof too.
                for (int first = 0; first <= n; first++) {
                    if (first != m && !sameProof(proof, tree.consistencyProof(first, n))) {
                        assertThat(MerkleProofs.verifyConsistency(hash, first, n, roots[first], roots[n], proof).verified())
                                .as("%s claimed from %d", at, first).isFalse();
                    }
                }
                for (int second = Math.max(m, 1); second <= MAX; second++) {
                    if (second != n && !sameProof(proof, tree.consistencyProof(m, second))) {
                        assertThat(MerkleProofs.verifyConsistency(hash, m, second, roots[m], roots[second], proof).verified())
                                .as("%s claimed to %d", at, second).isFalse();
                    }
                }
                assertThat(MerkleProofs.verifyConsistency(hash, m, n, flip(roots[m], 7), roots[n], proof).verified())
                        .as("%s from an altered root", at).isFalse();
                if (m > 0) {
                    // The empty tree is a prefix of every tree: nothing about the second root can be proven from it.
                    assertThat(MerkleProofs.verifyConsistency(hash, m, n, roots[m], flip(roots[n], 7), proof).verified())
                            .as("%s to an altered root", at).isFalse();
                }
                if (m != n) {
                    assertThat(MerkleProofs.verifyConsistency(hash, m, n, roots[n], roots[m], proof).verified())
                            .as("%s with the roots swapped", at).isFalse();
                }
            }
        }
    }

    @Test
    void a_size_is_only_as_trustworthy_as_the_signed_head_binding_it_to_its_root() {
        // RFC 9162's verifier checks a path against a root, not the tree's shape: the path of leaf 0
        // in 3 leaves also leads to the 3-leaf root when 4 leaves are claimed, as a 4-leaf tree whose
        // right half hashes to leaf 2's hash would. Hence a tree head signs size and root together.
        MerkleTree tree = tree(LedgerHash.SHA256);
        byte[] leaf = LedgerHash.SHA256.leafHash(entries(MAX).get(0));
        List<byte[]> path = tree.inclusionProof(0, 3);
        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SHA256, leaf, 0, 4, path, tree.root(3)).verified()).isTrue();
        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SHA256, leaf, 0, 4, path, tree.root(4)).verified()).isFalse();
    }

    @Test
    void sm3_and_sha256_trees_of_the_same_entries_have_different_roots() {
        MerkleTree sm3 = tree(LedgerHash.SM3);
        MerkleTree sha256 = tree(LedgerHash.SHA256);
        for (int n = 0; n <= MAX; n++) {
            assertThat(sm3.root(n)).as("root of %d", n).isNotEqualTo(sha256.root(n));
        }
    }

    @Test
    void a_proof_made_with_one_hash_does_not_verify_under_the_other() {
        MerkleTree sm3 = tree(LedgerHash.SM3);
        List<byte[]> path = sm3.inclusionProof(5, 9);
        byte[] leaf = LedgerHash.SM3.leafHash(entries(MAX).get(5));
        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SM3, leaf, 5, 9, path, sm3.root(9)).verified()).isTrue();
        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SHA256, leaf, 5, 9, path, sm3.root(9)).verified()).isFalse();
    }

    @Test
    void hashes_of_the_wrong_length_fail_with_a_reason_rather_than_throw() {
        MerkleTree tree = tree(LedgerHash.SM3);
        List<byte[]> path = new ArrayList<>(tree.inclusionProof(3, 10));
        path.set(1, new byte[31]);
        assertThat(MerkleProofs.verifyInclusion(LedgerHash.SM3, LedgerHash.SM3.leafHash(entries(MAX).get(3)), 3, 10, path, tree.root(10)))
                .isInstanceOfSatisfying(ProofCheck.Failed.class, f -> assertThat(f.reason()).contains("proof element 1"));
        assertThat(MerkleProofs.verifyConsistency(LedgerHash.SM3, 3, 10, new byte[0], tree.root(10),
                tree.consistencyProof(3, 10))).isInstanceOf(ProofCheck.Failed.class);
    }

    @Test
    void impossible_arguments_are_refused() {
        MerkleTree tree = tree(LedgerHash.SM3);
        byte[] root = tree.root(10);
        assertThatThrownBy(() -> tree.inclusionProof(10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(0, MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.root(MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(LedgerHash.SM3, root, 10, 10, List.of(), root))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(LedgerHash.SM3, 11, 10, root, root, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean sameProof(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] roots(MerkleTree tree) {
        byte[][] roots = new byte[MAX + 1][];
        for (int n = 0; n <= MAX; n++) {
            roots[n] = tree.root(n);
        }
        return roots;
    }

    /** Each element with a bit flipped; one dropped from either end; one added at either end. */
    private static List<List<byte[]>> alterations(List<byte[]> proof, byte[] someHash) {
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            int at = i;
            out.add(edit(proof, p -> {
                p.set(at, flip(p.get(at), at % 32));
                return p;
            }));
        }
        if (!proof.isEmpty()) {
            out.add(edit(proof, p -> {
                p.remove(p.size() - 1);
                return p;
            }));
            out.add(edit(proof, p -> {
                p.remove(0);
                return p;
            }));
            out.add(edit(proof, p -> {
                p.add(0, p.get(0));
                return p;
            }));
        }
        out.add(edit(proof, p -> {
            p.add(someHash);
            return p;
        }));
        out.add(edit(proof, p -> {
            p.add(0, someHash);
            return p;
        }));
        return out;
    }

    private static List<byte[]> edit(List<byte[]> proof, UnaryOperator<List<byte[]>> change) {
        return change.apply(new ArrayList<>(proof));
    }

    private static byte[] flip(byte[] hash, int at) {
        byte[] out = hash.clone();
        out[at] ^= 0x10;
        return out;
    }
}
