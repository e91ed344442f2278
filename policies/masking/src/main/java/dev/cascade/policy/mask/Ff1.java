package dev.cascade.policy.mask;

import java.util.Objects;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;

/**
 * NIST SP 800-38G FF1 through BouncyCastle's {@link FPEFF1Engine}, over the block cipher the key is
 * for. Works on numerals: each byte of the input is one symbol in {@code [0, radix)}.
 *
 * <p>Immutable; each call builds its own engine, because a BC engine keeps the state of the
 * operation it is in and must not be shared between threads.
 */
final class Ff1 {

    /** SP 800-38G Rev. 1: radix^length must be at least one million. */
    static final long MIN_DOMAIN = 1_000_000L;

    private final MaskingKey key;

    Ff1(MaskingKey key) {
        this.key = Objects.requireNonNull(key, "key");
        if (key.algorithm() != MaskingKey.Algorithm.FF1_SM4 && key.algorithm() != MaskingKey.Algorithm.FF1_AES) {
            throw new IllegalArgumentException(key + " is not an FF1 key");
        }
    }

    byte[] encrypt(int radix, byte[] tweak, byte[] numerals) {
        return run(true, radix, tweak, numerals);
    }

    byte[] decrypt(int radix, byte[] tweak, byte[] numerals) {
        return run(false, radix, tweak, numerals);
    }

    private byte[] run(boolean forEncryption, int radix, byte[] tweak, byte[] numerals) {
        FPEFF1Engine engine = new FPEFF1Engine(blockCipher());
        engine.init(forEncryption, new FPEParameters(key.parameter(), radix, tweak));
        byte[] out = new byte[numerals.length];
        engine.processBlock(numerals, 0, numerals.length, out, 0);
        return out;
    }

    private BlockCipher blockCipher() {
        return switch (key.algorithm()) {
            case FF1_SM4 -> new SM4Engine();
            case FF1_AES -> AESEngine.newInstance();
            case HMAC_SM3 -> throw new AssertionError("checked in the constructor");
        };
    }
}
