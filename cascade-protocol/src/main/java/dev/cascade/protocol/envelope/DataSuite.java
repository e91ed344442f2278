package dev.cascade.protocol.envelope;

import dev.cascade.protocol.trust.KeySuite;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;

/**
 * The authenticated cipher of a symmetric key in the envelope. A data key's suite follows the
 * recipient's application key ({@link #following(KeySuite)}), so a GM consumer gets SM4 and an INTL
 * consumer AES without any call site naming an algorithm.
 */
public enum DataSuite {
    /** SM4 (GB/T 32907) in GCM mode, 128-bit key, 96-bit nonce, 128-bit tag. */
    SM4_128_GCM((byte) 1, 16),
    /** AES-256 in GCM mode, 96-bit nonce, 128-bit tag. */
    AES_256_GCM((byte) 2, 32);

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private final byte code;
    private final int keyBytes;

    DataSuite(byte code, int keyBytes) {
        this.code = code;
        this.keyBytes = keyBytes;
    }

    public static DataSuite following(KeySuite appKeySuite) {
        return switch (appKeySuite) {
            case GM -> SM4_128_GCM;
            case INTL -> AES_256_GCM;
        };
    }

    public int keyBytes() {
        return keyBytes;
    }

    /** One byte naming the suite inside stored-key plaintexts. */
    byte code() {
        return code;
    }

    static DataSuite ofCode(byte code) {
        for (DataSuite suite : values()) {
            if (suite.code == code) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown data suite code " + code);
    }

    /**
     * A new, uninitialised GCM instance. BouncyCastle's default 4k-table GHASH multiplier is kept:
     * the 64k table measured within noise (SM4 ~62 MB/s either way, AES 85–94 MB/s) for 16 times the
     * memory per instance. The block cipher is the cost: SM4 in pure Java is the bottleneck.
     */
    GCMModeCipher newGcm() {
        return switch (this) {
            case SM4_128_GCM -> GCMBlockCipher.newInstance(new SM4Engine());
            case AES_256_GCM -> GCMBlockCipher.newInstance(AESEngine.newInstance());
        };
    }
}
