package dev.cascade.protocol.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification of inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2). These take
 * only hashes, sizes and the proof, so an auditor holding two signed tree heads needs no copy of
 * the log. A proof that does not check out gives {@link ProofCheck.Failed}; arguments that no
 * proof could answer (an index outside the tree, a first size above the second) are a caller's
 * mistake and throw.
 */
public final class MerkleProofs {

    private static final ProofCheck VERIFIED = new ProofCheck.Verified();

    private MerkleProofs() {
    }

    /**
     * Whether {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose root
     * is {@code root}, by the audit path {@code proof}.
     *
     * @throws IllegalArgumentException unless 0 ≤ index &lt; size
     */
    public static ProofCheck verifyInclusion(LedgerHash hash, byte[] leafHash, long index, long size,
                                             List<byte[]> proof, byte[] root) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(proof, "proof");
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
        }
        ProofCheck malformed = malformed(hash, proof, leafHash, root);
        if (malformed != null) {
            return malformed;
        }
        Object climbed = climb(hash, leafHash, index, size, proof);
        if (climbed instanceof String reason) {
            return new ProofCheck.Failed(reason);
        }
        if (!MessageDigest.isEqual((byte[]) climbed, root)) {
            return new ProofCheck.Failed("audit path of leaf " + index + " does not lead to the root of the tree of "
                    + size + " leaves");
        }
        return VERIFIED;
    }

    /**
     * The root that the audit path {@code proof} leads to from leaf {@code index} of a tree of
     * {@code size} leaves, or empty when the path has the wrong length for that position. For a
     * signature over the root of a batch: the root is what the signature must then vouch for.
     */
    public static Optional<byte[]> rootFromInclusion(LedgerHash hash, byte[] leafHash, long index, long size,
                                                                List<byte[]> proof) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(proof, "proof");
        if (index < 0 || index >= size || malformed(hash, proof, leafHash) != null) {
            return Optional.empty();
        }
        Object climbed = climb(hash, leafHash, index, size, proof);
        return climbed instanceof byte[] root ? Optional.of(root) : Optional.empty();
    }

    // §2.1.3.2, step by step: fn walks the leaf's position, sn the last leaf's, up the tree. The
    // root reached, or why the path cannot belong to that position (a String).
    private static Object climb(LedgerHash hash, byte[] leafHash, long index, long size, List<byte[]> proof) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return "audit path longer than a tree of " + size + " leaves allows";
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hash.nodeHash(p, r);
                // Right edge of an unbalanced tree: climb past the levels where this node has no sibling.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = hash.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return "audit path shorter than a tree of " + size + " leaves needs";
        }
        return r;
    }

    /**
     * Whether the tree of {@code first} leaves with root {@code firstRoot} is a prefix of the tree
     * of {@code second} leaves with root {@code secondRoot}, by the consistency proof {@code proof}.
     * For first = second the proof must be empty and the roots equal; for first = 0 the proof must be
     * empty and firstRoot the empty tree's hash.
     *
     * @throws IllegalArgumentException unless 0 ≤ first ≤ second
     */
    public static ProofCheck verifyConsistency(LedgerHash hash, long first, long second,
                                               byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(proof, "proof");
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("a tree of " + first + " leaves cannot be a prefix of one of " + second);
        }
        ProofCheck malformed = malformed(hash, proof, firstRoot, secondRoot);
        if (malformed != null) {
            return malformed;
        }
        if (first == second || first == 0) {
            if (!proof.isEmpty()) {
                return new ProofCheck.Failed("a consistency proof from " + first + " to " + second + " leaves must be empty");
            }
            byte[] expected = first == 0 ? hash.emptyRoot() : secondRoot;
            return MessageDigest.isEqual(firstRoot, expected)
                    ? VERIFIED
                    : new ProofCheck.Failed(first == 0 ? "the root of an empty tree is not the empty hash"
                            : "two trees of " + first + " leaves have different roots");
        }
        // §2.1.4.2 step 1.
        if (proof.isEmpty()) {
            return new ProofCheck.Failed("empty consistency proof from " + first + " to " + second + " leaves");
        }
        // Step 2: when the first tree is a complete subtree of the second, the proof omits its root.
        int next = 0;
        byte[] start;
        if (Long.bitCount(first) == 1) {
            start = firstRoot;
        } else {
            start = proof.get(0);
            next = 1;
        }
        // Steps 3-4.
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5: fr rebuilds the first root, sr the second, from the same path.
        byte[] fr = start;
        byte[] sr = start;
        // Step 6.
        for (int i = next; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return new ProofCheck.Failed("consistency proof longer than sizes " + first + " and " + second + " allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hash.nodeHash(c, fr);
                sr = hash.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = hash.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 7.
        if (sn != 0) {
            return new ProofCheck.Failed("consistency proof shorter than sizes " + first + " and " + second + " need");
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            return new ProofCheck.Failed("consistency proof does not lead to the root of the tree of " + first + " leaves");
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            return new ProofCheck.Failed("consistency proof does not lead to the root of the tree of " + second + " leaves");
        }
        return VERIFIED;
    }

    // Every hash must have the function's length: a short or long "hash" is not a wrong answer of
    // the right kind but no answer, and must not reach the hashing at all.
    private static ProofCheck malformed(LedgerHash hash, List<byte[]> proof, byte[]... hashes) {
        int length = hash.length();
        for (byte[] h : hashes) {
            if (h == null || h.length != length) {
                return new ProofCheck.Failed("a hash is not " + length + " bytes of " + hash);
            }
        }
        for (int i = 0; i < proof.size(); i++) {
            byte[] element = proof.get(i);
            if (element == null || element.length != length) {
                return new ProofCheck.Failed("proof element " + i + " is not " + length + " bytes of " + hash);
            }
        }
        return null;
    }
}
