package dev.cascade.protocol.ledger;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The hash function of an audit ledger's Merkle tree, fixed by the log's parameters. Callers pass
 * this enum, never an algorithm name, so a log cannot be hashed with a function it was not set up
 * with. Both functions give 32-byte hashes.
 */
public enum LedgerHash {
    /** SM3 (GB/T 32905), the default for Cascade logs. */
    SM3(1),
    /** SHA-256, the function of RFC 9162's own test vectors and of CT tooling. */
    SHA256(2);

    // RFC 9162 §2.1.1: the prefixes separate leaves from interior nodes, so no leaf can be
    // presented as an interior node (second-preimage resistance of the tree).
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final int code;

    LedgerHash(int code) {
        this.code = code;
    }

    /** The byte that names this function in encoded tree heads; fixed, independent of declaration order. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no function has */
    public static LedgerHash ofCode(int code) {
        for (LedgerHash hash : values()) {
            if (hash.code == code) {
                return hash;
            }
        }
        throw new IllegalArgumentException("no ledger hash has code " + code);
    }

    /** Length of every hash in bytes. */
    public int length() {
        return 32;
    }

    /** MTH({}) = HASH(), the hash of the empty string (RFC 9162 §2.1.1). */
    public byte[] emptyRoot() {
        Digest digest = digest();
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** MTH({d}) = HASH(0x00 || d) (RFC 9162 §2.1.1). */
    public byte[] leafHash(byte[] entry) {
        Digest digest = digest();
        digest.update(LEAF_PREFIX);
        digest.update(entry, 0, entry.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** HASH(0x01 || left || right), an interior node (RFC 9162 §2.1.1). */
    public byte[] nodeHash(byte[] left, byte[] right) {
        Digest digest = digest();
        digest.update(NODE_PREFIX);
        digest.update(left, 0, left.length);
        digest.update(right, 0, right.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private Digest digest() {
        // A fresh digest per call: cheap, and no digest state is shared between threads.
        return switch (this) {
            case SM3 -> new SM3Digest();
            case SHA256 -> new SHA256Digest();
        };
    }
}
