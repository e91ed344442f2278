package dev.cascade.policy.mask;

import java.util.Objects;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A secret key for one keyed masking algorithm.
 *
 * <p>As with Tink keys, the algorithm belongs to the key: a key made for HMAC-SM3 pseudonyms is
 * never used as an FF1 key, and a spec asking {@code fpe(aes,K)} of an SM4 key is refused rather
 * than reinterpreted. The material is copied in and never handed back out; only the maskers of this
 * package read it, to initialise BouncyCastle engines.
 */
public final class MaskingKey {

    /** What a key is for; fixes both the primitive and the accepted key sizes. */
    public enum Algorithm {
        /** Keyed pseudonyms, HMAC with the SM3 digest (GB/T 32905). At least 128-bit keys. */
        HMAC_SM3,
        /** FF1 format-preserving encryption over SM4 (GB/T 32907). 128-bit keys. */
        FF1_SM4,
        /** FF1 format-preserving encryption over AES (NIST SP 800-38G). 128, 192 or 256-bit keys. */
        FF1_AES;

        boolean acceptsLength(int bytes) {
            return switch (this) {
                // RFC 2104 advises keys no shorter than the digest (32 bytes); 16 is the floor we accept.
                case HMAC_SM3 -> bytes >= 16;
                case FF1_SM4 -> bytes == 16;
                case FF1_AES -> bytes == 16 || bytes == 24 || bytes == 32;
            };
        }
    }

    private final Algorithm algorithm;
    private final byte[] material;

    private MaskingKey(Algorithm algorithm, byte[] material) {
        this.algorithm = algorithm;
        this.material = material;
    }

    /**
     * Wraps key material the node's key store holds for {@code algorithm}. The array is copied, so
     * the caller may wipe its own copy afterwards.
     *
     * @throws IllegalArgumentException when the length does not fit the algorithm
     */
    public static MaskingKey of(Algorithm algorithm, byte[] material) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(material, "material");
        if (!algorithm.acceptsLength(material.length)) {
            throw new IllegalArgumentException(
                    algorithm + " does not take a " + (material.length * 8) + "-bit key");
        }
        return new MaskingKey(algorithm, material.clone());
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** A fresh BouncyCastle key parameter; BC copies the bytes again, so ours stay private. */
    KeyParameter parameter() {
        return new KeyParameter(material);
    }

    @Override
    public String toString() {
        // Never the material: keys get logged by accident through toString.
        return "MaskingKey[" + algorithm + ", " + (material.length * 8) + " bits]";
    }
}
