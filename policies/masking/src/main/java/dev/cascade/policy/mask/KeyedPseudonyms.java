package dev.cascade.policy.mask;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.util.encoders.Base32;

/**
 * {@code pseudonym(KEY_ID)}: HMAC-SM3 of the value's UTF-8 bytes under one keyring key, truncated to
 * {@value #PSEUDONYM_BITS} bits and written as {@value #PSEUDONYM_LENGTH} base32 characters
 * (RFC 4648 alphabet, A-Z and 2-7).
 *
 * <p>Deterministic per (key, value), so one person keeps one pseudonym across deliveries and
 * datasets masked with the same key, and recipients can join on it. Without the key nobody can
 * compute a pseudonym, so nobody can link one to a value, even by trying every mobile number.
 * The key holder re-identifies with {@link #reidentify} by recomputing candidates' pseudonyms; an
 * HMAC cannot be inverted, so a candidate list is the only way back.
 *
 * <p>Collisions: two of n distinct values share a pseudonym with probability at most
 * n²/2^121; for n = 1.4 × 10^9 (everyone in China) that is below 10^-18.
 */
public final class KeyedPseudonyms implements Masker {

    static final int PSEUDONYM_BITS = 120;
    static final int PSEUDONYM_LENGTH = PSEUDONYM_BITS / 5;
    private static final int TRUNCATED_BYTES = PSEUDONYM_BITS / 8;

    private final String function;
    private final MaskingKey key;
    /**
     * BC's HMac is stateful, so one per thread; keyed once, it keeps the digest states after the
     * inner and outer pads and resets to them after each value, which halves the SM3 compressions
     * of a short value (two instead of four).
     */
    private final ThreadLocal<HMac> macs;

    KeyedPseudonyms(String keyId, MaskingKey key) {
        this.function = new MaskSpec.Pseudonym(keyId).text();
        this.key = Objects.requireNonNull(key, "key");
        this.macs = ThreadLocal.withInitial(() -> {
            HMac hmac = new HMac(new SM3Digest());
            hmac.init(key.parameter());
            return hmac;
        });
        if (key.algorithm() != MaskingKey.Algorithm.HMAC_SM3) {
            throw new MaskingException(function, MaskingException.Reason.KEY_ALGORITHM_MISMATCH,
                    "key is for " + key.algorithm() + ", pseudonyms need " + MaskingKey.Algorithm.HMAC_SM3);
        }
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        HMac hmac = macs.get();
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        hmac.update(input, 0, input.length);
        byte[] tag = new byte[hmac.getMacSize()];
        hmac.doFinal(tag, 0);
        return Base32.toBase32String(tag, 0, TRUNCATED_BYTES);
    }

    /**
     * For the key holder: the candidate whose pseudonym is {@code pseudonym}, if any. Candidates
     * come from the holder's own records (the applicants of a case, the population register).
     */
    public Optional<String> reidentify(String pseudonym, Collection<String> candidates) {
        Objects.requireNonNull(pseudonym, "pseudonym");
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty() && pseudonym.equals(mask(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return function;
    }
}
