package dev.cascade.policy.mask;

import dev.cascade.policy.mask.MaskSpec.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.encoders.Hex;

/**
 * {@code hash(sm3)} and {@code hash(sha256)}: the lowercase hex digest of the value's UTF-8 bytes.
 *
 * <p>Deterministic and unkeyed, so anyone can recompute it: for values from a small space (mobile
 * numbers, ages, region codes) the digest is reversed by trying them all. Use {@code pseudonym}
 * where that matters.
 */
record ValueDigest(HashAlgorithm algorithm) implements Masker {

    ValueDigest {
        Objects.requireNonNull(algorithm, "algorithm");
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        // A digest per call: BC digests carry state between update and doFinal.
        Digest digest = newDigest();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(bytes, 0, bytes.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return Hex.toHexString(out);
    }

    private Digest newDigest() {
        return switch (algorithm) {
            case SM3 -> new SM3Digest();
            case SHA256 -> SHA256Digest.newInstance();
        };
    }
}
