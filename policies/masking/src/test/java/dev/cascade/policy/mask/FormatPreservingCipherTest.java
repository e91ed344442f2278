package dev.cascade.policy.mask;

import static dev.cascade.policy.mask.TestKeys.fpe;
import static dev.cascade.policy.mask.TestKeys.masker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatPreservingCipherTest {

    /*
     * Pinned ciphertexts. The AES path is anchored by Ff1NistSamplesTest and by
     * digitsAreOneFf1InputInRadixTenUnderTheDocumentedTweak; these pin the rest (SM4, shapes with
     * letters) so that any change to the encoding or the tweak shows up here.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "fpe(sm4,id-sm4)|11010519491231002X|66688382906908117X",
        "fpe(sm4,id-sm4)|110105194912310021|146495490979218831",
        "fpe(sm4,id-sm4)|13800138000|72327937637",
        "fpe(sm4,id-sm4)|138-0013-8000|723-2793-7637",
        "fpe(sm4,id-sm4)|E12345678|R78439411",
        "fpe(sm4,id-sm4)|91440101MA59ABCD1X|87511980QO32ZSCV5I",
        "fpe(sm4,id-sm4)|粤B12345|粤L99520",
        "fpe(sm4,id-sm4)|ab12cd34|vt43zu05",
        "fpe(sm4,id-sm4)|6222021234567890123|7113160176692856657",
        "fpe(aes,id-aes)|11010519491231002X|31387380828312336X",
        "fpe(aes,id-aes)|13800138000|46216954917",
        "fpe(aes,id-aes)|E12345678|B59980377",
        "fpe(aes,id-aes)|91440101MA59ABCD1X|24747122GH65ROYJ3F",
        "fpe(aes,id-aes)|粤B12345|粤N57698",
    })
    void encryptsToThePinnedCiphertextAndDecryptsBack(String spec, String plaintext, String ciphertext) {
        FormatPreservingCipher cipher = fpe(spec);
        assertThat(cipher.encrypt(plaintext)).isEqualTo(ciphertext);
        assertThat(masker(spec).mask(plaintext)).isEqualTo(ciphertext);
        assertThat(cipher.decrypt(ciphertext)).isEqualTo(plaintext);
    }

    @Test
    void digitsAreOneFf1InputInRadixTenUnderTheDocumentedTweak() {
        // Tweak = UTF-8 key id, a zero byte, then one '9' per encrypted digit.
        byte[] tweak = "id-aes\u000099999999999".getBytes(StandardCharsets.UTF_8);
        Ff1 ff1 = new Ff1(TestKeys.key(MaskingKey.Algorithm.FF1_AES, TestKeys.AES_KEY_HEX));
        byte[] digits = {1, 3, 8, 0, 0, 1, 3, 8, 0, 0, 0};
        StringBuilder expected = new StringBuilder();
        for (byte d : ff1.encrypt(10, tweak, digits)) {
            expected.append(d);
        }
        assertThat(fpe("fpe(aes,id-aes)").encrypt("13800138000")).isEqualTo(expected.toString());
    }

    @Test
    void separatorsStayInPlaceAndTheDigitsEncryptAsIfTheyWereAbsent() {
        FormatPreservingCipher cipher = fpe("fpe(sm4,id-sm4)");
        assertThat(cipher.encrypt("138 0013 8000")).isEqualTo("723 2793 7637");
        assertThat(cipher.encrypt("138-0013-8000").replace("-", "")).isEqualTo(cipher.encrypt("13800138000"));
    }

    @Test
    void theCheckCharacterOfAnIdentityNumberStaysInEitherCase() {
        FormatPreservingCipher cipher = fpe("fpe(sm4,id-sm4)");
        assertThat(cipher.encrypt("11010519491231002x")).isEqualTo("66688382906908117x");
    }

    @Test
    void everyCharacterKeepsItsClassAndEveryValueComesBack() {
        Random random = new Random(2025);
        String[] shapes = {"999999", "99999999999", "999999999999999999", "99999999999999999X",
            "A99999999", "99999999AA99AAAA9A", "aaaaa", "AAAAAA", "aa99aa99", "Aa9-Aa9 Aa9", "粤A99999"};
        for (String spec : new String[] {"fpe(sm4,id-sm4)", "fpe(aes,id-aes)"}) {
            FormatPreservingCipher cipher = fpe(spec);
            for (String shape : shapes) {
                for (int i = 0; i < 40; i++) {
                    String plaintext = randomOfShape(shape, random);
                    String ciphertext = cipher.encrypt(plaintext);
                    assertThat(shapeOf(ciphertext)).as("%s %s", spec, plaintext).isEqualTo(shapeOf(plaintext));
                    assertThat(cipher.decrypt(ciphertext)).as("%s %s", spec, plaintext).isEqualTo(plaintext);
                }
            }
        }
    }

    @Test
    void encryptionIsDeterministicPerKey() {
        assertThat(fpe("fpe(sm4,id-sm4)").encrypt("E12345678")).isEqualTo(fpe("fpe(sm4,id-sm4)").encrypt("E12345678"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fpe(sm4,id-sm4)", "fpe(aes,id-aes)"})
    void anotherKeyNeitherEncryptsAlikeNorDecryptsTheCiphertext(String spec) {
        FormatPreservingCipher holder = fpe(spec);
        FormatPreservingCipher other = fpe(spec.replace(")", "-other)"));
        for (String plaintext : new String[] {"11010519491231002X", "13800138000", "E12345678", "91440101MA59ABCD1X"}) {
            String ciphertext = holder.encrypt(plaintext);
            assertThat(other.encrypt(plaintext)).as(plaintext).isNotEqualTo(ciphertext);
            assertThat(other.decrypt(ciphertext)).as(plaintext).isNotEqualTo(plaintext);
        }
    }

    @Test
    void theSameKeyBytesUnderSm4AndAesGiveDifferentCiphertexts() {
        byte[] bytes = Hex.decode(TestKeys.SM4_KEY_HEX);
        Ff1 sm4 = new Ff1(MaskingKey.of(MaskingKey.Algorithm.FF1_SM4, bytes));
        Ff1 aes = new Ff1(MaskingKey.of(MaskingKey.Algorithm.FF1_AES, bytes));
        byte[] digits = {1, 3, 8, 0, 0, 1, 3, 8, 0, 0, 0};
        assertThat(sm4.encrypt(10, new byte[0], digits)).isNotEqualTo(aes.encrypt(10, new byte[0], digits));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"12345", "1-2-3-4-5", "ABCD", "A1234", "ab1", "张三丰", "--", "X"})
    void aValueWithFewerThanAMillionPossibleValuesIsRefused(String tooShort) {
        for (String spec : new String[] {"fpe(sm4,id-sm4)", "fpe(aes,id-aes)"}) {
            assertThatThrownBy(() -> fpe(spec).encrypt(tooShort))
                    .isInstanceOfSatisfying(MaskingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MaskingException.Reason.BELOW_FPE_DOMAIN);
                        assertThat(e.function()).isEqualTo(spec);
                    });
            assertThatThrownBy(() -> fpe(spec).decrypt(tooShort)).isInstanceOf(MaskingException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"123456", "ABCDE", "abcde", "A12345", "Ab1234"})
    void theSmallestShapesAtOrAboveAMillionValuesAreEncrypted(String smallest) {
        FormatPreservingCipher cipher = fpe("fpe(sm4,id-sm4)");
        String ciphertext = cipher.encrypt(smallest);
        assertThat(shapeOf(ciphertext)).isEqualTo(shapeOf(smallest));
        assertThat(cipher.decrypt(ciphertext)).isEqualTo(smallest);
    }

    @Test
    void aKeyForTheOtherCipherIsRefused() {
        assertThatThrownBy(() -> masker("fpe(aes,id-sm4)"))
                .isInstanceOfSatisfying(MaskingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MaskingException.Reason.KEY_ALGORITHM_MISMATCH);
                    assertThat(e.function()).isEqualTo("fpe(aes,id-sm4)");
                });
        assertThatThrownBy(() -> masker("fpe(sm4,people-2025)"))
                .isInstanceOfSatisfying(MaskingException.class,
                        e -> assertThat(e.reason()).isEqualTo(MaskingException.Reason.KEY_ALGORITHM_MISMATCH));
    }

    @Test
    void emptyAndNullStayAsTheyAre() {
        FormatPreservingCipher cipher = fpe("fpe(sm4,id-sm4)");
        assertThat(cipher.encrypt("")).isEmpty();
        assertThat(cipher.encrypt(null)).isNull();
        assertThat(cipher.decrypt("")).isEmpty();
        assertThat(cipher.decrypt(null)).isNull();
    }

    /** '9' digit, 'A' upper-case, 'a' lower-case; any other character stands for itself. */
    static String shapeOf(String value) {
        StringBuilder shape = new StringBuilder();
        for (char c : value.toCharArray()) {
            shape.append(c >= '0' && c <= '9' ? '9' : c >= 'A' && c <= 'Z' ? 'A' : c >= 'a' && c <= 'z' ? 'a' : c);
        }
        return shape.toString();
    }

    static String randomOfShape(String shape, Random random) {
        StringBuilder value = new StringBuilder();
        for (char c : shape.toCharArray()) {
            switch (c) {
                case '9' -> value.append((char) ('0' + random.nextInt(10)));
                case 'A' -> value.append((char) ('A' + random.nextInt(26)));
                case 'a' -> value.append((char) ('a' + random.nextInt(26)));
                default -> value.append(c);
            }
        }
        return value.toString();
    }
}
