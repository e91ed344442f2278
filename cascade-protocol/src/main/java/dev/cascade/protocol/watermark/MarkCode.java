package dev.cascade.protocol.watermark;

import java.util.Optional;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.util.Pack;

/**
 * The error-protected codeword a mark id is embedded as: 96 bits, the mark id under a keyed
 * 64-bit permutation followed by a 32-bit keyed tag of it.
 *
 * <p>Why permute: mark ids derived from exchanges may be close to each other (sequence numbers,
 * one bit apart). Under a keyed four-round Feistel permutation (Luby–Rackoff) the codewords of any
 * two ids are unrelated pseudo-random strings, so a wrong candidate agrees with a leaked copy on
 * each codeword position with probability one half, which is what lets {@link CandidateMatch} put
 * a number on a false accusation. The permutation is invertible, so a fully read codeword yields
 * the mark id without a candidate list.
 *
 * <p>Why the tag: majority decoding of a copy with no mark (or someone else's key) still yields 96
 * bits. The tag tells a real codeword from noise with probability 1 − 2<sup>−32</sup>, and lets up
 * to {@link #MAX_ERASURES} unread positions be recovered by trying every filling (each try adds
 * 2<sup>−32</sup> to the false-positive probability, which {@link Extraction.Found} reports).
 *
 * <p>Thread-safe: each call uses its own HMAC instances.
 */
final class MarkCode {

    static final int ID_BITS = 64;
    static final int TAG_BITS = 32;
    static final int LENGTH = ID_BITS + TAG_BITS;

    /** 2<sup>16</sup> tag checks take well under a second and cost at most 2<sup>−16</sup> of FP. */
    static final int MAX_ERASURES = 16;

    private static final int ROUNDS = 4;

    private final WatermarkKey key;

    MarkCode(WatermarkKey key) {
        this.key = key;
    }

    record Codeword(long permuted, int tag) {
        /** Position 0 is the permuted id's most significant bit; 64..95 are the tag's. */
        int bit(int position) {
            return position < ID_BITS
                    ? (int) (permuted >>> (ID_BITS - 1 - position)) & 1
                    : (tag >>> (LENGTH - 1 - position)) & 1;
        }
    }

    /** What majority decoding recovered, and how many unread positions had to be guessed. */
    record Decoded(long markId, int erasuresFilled) {}

    Codeword encode(long markId) {
        HMac permute = key.mac(WatermarkKey.Purpose.PERMUTE);
        int left = (int) (markId >>> 32);
        int right = (int) markId;
        for (int round = 0; round < ROUNDS; round++) {
            int next = left ^ round(permute, round, right);
            left = right;
            right = next;
        }
        long permuted = ((long) left << 32) | (right & 0xFFFFFFFFL);
        return new Codeword(permuted, tag(key.mac(WatermarkKey.Purpose.TAG), permuted));
    }

    /**
     * The mark id whose codeword agrees with {@code bits} (0, 1, or −1 for unread), trying every
     * filling of the unread positions; empty when none passes the tag check or too many are unread.
     */
    Optional<Decoded> decode(int[] bits) {
        int[] unread = new int[LENGTH];
        int erasures = 0;
        long permuted = 0;
        int tag = 0;
        for (int p = 0; p < LENGTH; p++) {
            if (bits[p] < 0) {
                unread[erasures++] = p;
            }
            int b = Math.max(bits[p], 0);
            if (p < ID_BITS) {
                permuted = (permuted << 1) | b;
            } else {
                tag = (tag << 1) | b;
            }
        }
        if (erasures > MAX_ERASURES) {
            return Optional.empty();
        }
        HMac tagMac = key.mac(WatermarkKey.Purpose.TAG);
        for (int filling = 0; filling < (1 << erasures); filling++) {
            long w = permuted;
            int t = tag;
            for (int e = 0; e < erasures; e++) {
                if ((filling >>> e & 1) == 0) {
                    continue;
                }
                int p = unread[e];
                if (p < ID_BITS) {
                    w |= 1L << (ID_BITS - 1 - p);
                } else {
                    t |= 1 << (LENGTH - 1 - p);
                }
            }
            if (tag(tagMac, w) == t) {
                return Optional.of(new Decoded(unpermute(w), erasures));
            }
        }
        return Optional.empty();
    }

    private long unpermute(long permuted) {
        HMac permute = key.mac(WatermarkKey.Purpose.PERMUTE);
        int left = (int) (permuted >>> 32);
        int right = (int) permuted;
        for (int round = ROUNDS - 1; round >= 0; round--) {
            int previous = right ^ round(permute, round, left);
            right = left;
            left = previous;
        }
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int round(HMac mac, int round, int half) {
        byte[] in = new byte[5];
        in[0] = (byte) round;
        Pack.intToBigEndian(half, in, 1);
        byte[] out = new byte[mac.getMacSize()];
        mac.update(in, 0, in.length);
        mac.doFinal(out, 0);
        return Pack.bigEndianToInt(out, 0);
    }

    private static int tag(HMac mac, long permuted) {
        byte[] in = Pack.longToBigEndian(permuted);
        byte[] out = new byte[mac.getMacSize()];
        mac.update(in, 0, in.length);
        mac.doFinal(out, 0);
        return Pack.bigEndianToInt(out, 0);
    }
}
