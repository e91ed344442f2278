package dev.cascade.protocol.watermark;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The node's secret watermark key: 256 bits the node's key store holds, the same for every
 * delivery so that a leaked file can be traced years later.
 *
 * <p>The material is never used directly. Three subkeys are derived from it with HMAC-SM3 under
 * fixed labels, one per job (selecting rows, permuting mark ids, tagging codewords), so that
 * what one job reveals (e.g. the codeword of a guessed mark id) says nothing about another's key.
 * As with the masking keys, the bytes are copied in and never handed back out.
 */
public final class WatermarkKey {

    /** What a subkey is for; the label is part of the derivation and must never change. */
    enum Purpose {
        SELECT("cascade/watermark/v1/select"),
        PERMUTE("cascade/watermark/v1/permute"),
        TAG("cascade/watermark/v1/tag");

        private final byte[] label;

        Purpose(String label) {
            this.label = label.getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static final int LENGTH = 32;

    private final byte[][] subkeys = new byte[Purpose.values().length][];

    private WatermarkKey(byte[] material) {
        HMac kdf = new HMac(new SM3Digest());
        kdf.init(new KeyParameter(material));
        for (Purpose p : Purpose.values()) {
            kdf.update(p.label, 0, p.label.length);
            byte[] subkey = new byte[kdf.getMacSize()];
            kdf.doFinal(subkey, 0);
            subkeys[p.ordinal()] = subkey;
        }
    }

    /**
     * Wraps the node's 32-byte watermark key. The array is copied (in fact only the derived subkeys
     * are kept), so the caller may wipe its own copy afterwards.
     *
     * @throws IllegalArgumentException when {@code material} is not 32 bytes
     */
    public static WatermarkKey of(byte[] material) {
        Objects.requireNonNull(material, "material");
        if (material.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a watermark key is " + (LENGTH * 8) + " bits, not " + (material.length * 8));
        }
        return new WatermarkKey(material);
    }

    /** A fresh HMAC-SM3 under the subkey for {@code purpose}; HMac is stateful, so one per user. */
    HMac mac(Purpose purpose) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(subkeys[purpose.ordinal()]));
        return mac;
    }

    @Override
    public String toString() {
        // Never the material: keys get logged by accident through toString.
        return "WatermarkKey[256 bits]";
    }
}
