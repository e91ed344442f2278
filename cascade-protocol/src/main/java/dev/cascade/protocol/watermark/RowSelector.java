package dev.cascade.protocol.watermark;

import dev.cascade.protocol.exchange.Row;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.util.Pack;

/**
 * The keyed, secret decision per row (after Agrawal &amp; Kiernan, "Watermarking relational
 * databases", VLDB 2002, and Li, Swarup &amp; Jajodia's fingerprinting extension, IEEE TDSC 2005):
 * h = HMAC-SM3(select key, identity); the row carries a bit iff h₀..₇ mod γ = 0, at codeword
 * position h₈..₁₅ mod 96, in carrier h₁₆..₂₃ mod |carriers|, XORed with pad h₂₄ &amp; 1.
 *
 * <p>The identity is the identity columns' values, each stripped of surrounding blanks with null
 * read as empty (CSV cannot tell null from empty, and tools trim), UTF-8 encoded and length
 * prefixed so that ("ab","c") and ("a","bc") differ. Rows whose identity is all empty are never
 * selected: they would all share one decision.
 *
 * <p>Thread-safe: the stateful HMAC and buffers are per thread (an instance {@link ThreadLocal},
 * released with the selector).
 */
final class RowSelector {

    record Selection(int position, int carrier, int pad) {}

    private static final class Scratch {
        final HMac mac;
        final byte[] out;
        byte[] buffer = new byte[256];

        Scratch(HMac mac) {
            this.mac = mac;
            this.out = new byte[mac.getMacSize()];
        }
    }

    private final int gamma;
    private final int carriers;
    private final ThreadLocal<Scratch> scratch;

    RowSelector(WatermarkKey key, int gamma, int carriers) {
        this.gamma = gamma;
        this.carriers = carriers;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(key.mac(WatermarkKey.Purpose.SELECT)));
    }

    /**
     * The row's selection, or null when the row carries no bit.
     *
     * @param identity the identity columns' indexes in the row, in layout order
     */
    Selection select(Row row, int[] identity) {
        Scratch s = scratch.get();
        int length = 0;
        boolean blank = true;
        for (int column : identity) {
            String value = row.get(column);
            value = value == null ? "" : value.strip();
            blank &= value.isEmpty();
            // ASCII (most identifiers) is written without allocating; the rest goes through UTF-8.
            byte[] utf8 = isAscii(value) ? null : value.getBytes(StandardCharsets.UTF_8);
            int bytes = utf8 == null ? value.length() : utf8.length;
            if (s.buffer.length < length + 4 + bytes) {
                s.buffer = Arrays.copyOf(s.buffer, Math.max(2 * s.buffer.length, length + 4 + bytes));
            }
            Pack.intToBigEndian(bytes, s.buffer, length);
            length += 4;
            if (utf8 == null) {
                for (int i = 0; i < bytes; i++) {
                    s.buffer[length + i] = (byte) value.charAt(i);
                }
            } else {
                System.arraycopy(utf8, 0, s.buffer, length, bytes);
            }
            length += bytes;
        }
        if (blank) {
            return null;
        }
        s.mac.update(s.buffer, 0, length);
        s.mac.doFinal(s.out, 0);
        if (Long.remainderUnsigned(Pack.bigEndianToLong(s.out, 0), gamma) != 0) {
            return null;
        }
        int position = (int) Long.remainderUnsigned(Pack.bigEndianToLong(s.out, 8), MarkCode.LENGTH);
        int carrier = (int) Long.remainderUnsigned(Pack.bigEndianToLong(s.out, 16), carriers);
        return new Selection(position, carrier, s.out[24] & 1);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
