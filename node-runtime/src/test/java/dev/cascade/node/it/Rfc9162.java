package dev.cascade.node.it;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * An implementation of RFC 9162's tree algorithms written for the tests from the RFC's text alone
 * (§2.1.1 MTH, §2.1.3.2 and §2.1.4.2 verification), sharing no code with the node, so a node whose
 * proofs pass here is checked against the standard and not against itself.
 */
final class Rfc9162 {

    private final String hash;

    Rfc9162(String hash) {
        this.hash = hash;
    }

    byte[] h(byte[]... parts) {
        if (hash.equals("SM3")) {
            SM3Digest d = new SM3Digest();
            for (byte[] p : parts) {
                d.update(p, 0, p.length);
            }
            byte[] out = new byte[32];
            d.doFinal(out, 0);
            return out;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] leaf(byte[] entry) {
        return h(new byte[] {0}, entry);
    }

    byte[] node(byte[] left, byte[] right) {
        return h(new byte[] {1}, left, right);
    }

    /** MTH over leaf hashes, by the recursive definition. */
    byte[] mth(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return h();
        }
        if (n == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(n - 1);
        return node(mth(leaves.subList(0, k)), mth(leaves.subList(k, n)));
    }

    /** §2.1.3.2, step by step. */
    boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** §2.1.4.2, step by step. */
    boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0 || first > second || proof.isEmpty()) {
            return false;
        }
        List<byte[]> c = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            c.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        if ((fn & 1) == 1) {
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
        }
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        for (byte[] ci : c.subList(1, c.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(ci, fr);
                sr = node(ci, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = node(sr, ci);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }
}
