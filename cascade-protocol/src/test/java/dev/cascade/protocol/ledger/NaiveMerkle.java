package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 transcribed as literally as possible, with list slices and no caching: the
 * reference the efficient {@link MerkleTree} is compared against. Deliberately slow and obvious.
 */
final class NaiveMerkle {

    private final LedgerHash hash;

    NaiveMerkle(LedgerHash hash) {
        this.hash = hash;
    }

    /** §2.1.1 MTH(D[n]). */
    byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return hash.emptyRoot();
        }
        if (n == 1) {
            return hash.leafHash(d.get(0));
        }
        int k = k(n);
        return hash.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    /** §2.1.3.1 PATH(m, D[n]). */
    List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = k(n);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(path(m - k, d.subList(k, n)));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = k(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** The largest power of two smaller than n. */
    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }
}
