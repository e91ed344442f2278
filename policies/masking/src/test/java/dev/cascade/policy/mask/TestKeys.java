package dev.cascade.policy.mask;

import java.util.Map;
import org.bouncycastle.util.encoders.Hex;

/** The keyring the tests mask with: fixed bytes, so expected outputs can be written down. */
final class TestKeys {

    static final String PEOPLE = "people-2025";
    static final String PEOPLE_NEXT = "people-2026";
    static final String ID_SM4 = "id-sm4";
    static final String ID_AES = "id-aes";
    static final String ID_SM4_OTHER = "id-sm4-other";
    static final String ID_AES_OTHER = "id-aes-other";

    static final String HMAC_KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String HMAC_OTHER_KEY_HEX = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";
    /** The key of the GB/T 32907 SM4 example. */
    static final String SM4_KEY_HEX = "0123456789abcdeffedcba9876543210";
    /** The AES-128 key of the NIST SP 800-38G FF1 samples. */
    static final String AES_KEY_HEX = "2b7e151628aed2a6abf7158809cf4f3c";

    static final MaskingKeys KEYRING = MaskingKeys.of(Map.of(
            PEOPLE, key(MaskingKey.Algorithm.HMAC_SM3, HMAC_KEY_HEX),
            PEOPLE_NEXT, key(MaskingKey.Algorithm.HMAC_SM3, HMAC_OTHER_KEY_HEX),
            ID_SM4, key(MaskingKey.Algorithm.FF1_SM4, SM4_KEY_HEX),
            ID_SM4_OTHER, key(MaskingKey.Algorithm.FF1_SM4, "fedcba98765432100123456789abcdef"),
            ID_AES, key(MaskingKey.Algorithm.FF1_AES, AES_KEY_HEX),
            ID_AES_OTHER, key(MaskingKey.Algorithm.FF1_AES, "3c4fcf098815f7aba6d2ae2816157e2b")));

    static final MaskingFunctions FUNCTIONS = new MaskingFunctions(KEYRING);

    static MaskingKey key(MaskingKey.Algorithm algorithm, String hex) {
        return MaskingKey.of(algorithm, Hex.decode(hex));
    }

    static Masker masker(String spec) {
        return FUNCTIONS.masker(MaskSpec.parse(spec));
    }

    static FormatPreservingCipher fpe(String spec) {
        return FUNCTIONS.formatPreserving((MaskSpec.FormatPreserving) MaskSpec.parse(spec));
    }

    static KeyedPseudonyms pseudonyms(String keyId) {
        return FUNCTIONS.pseudonyms(new MaskSpec.Pseudonym(keyId));
    }

    private TestKeys() {
    }
}
