package dev.cascade.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FF1-AES samples NIST published for SP 800-38G ("FF1samples.pdf", Cryptographic Standards and
 * Guidelines, Examples with Intermediate Values, csrc.nist.gov), samples 1 to 9: the three AES key
 * sizes, each with an empty tweak and radix 10, a 10-byte tweak and radix 10, and an 11-byte tweak
 * and radix 36.
 */
class Ff1NistSamplesTest {

    private static final String ALPHABET_36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    @ParameterizedTest(name = "sample {0}")
    @CsvSource({
        "1,2B7E151628AED2A6ABF7158809CF4F3C,'',10,0123456789,2433477484",
        "2,2B7E151628AED2A6ABF7158809CF4F3C,39383736353433323130,10,0123456789,6124200773",
        "3,2B7E151628AED2A6ABF7158809CF4F3C,3737373770717273373737,36,0123456789abcdefghi,a9tv40mll9kdu509eum",
        "4,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F,'',10,0123456789,2830668132",
        "5,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F,39383736353433323130,10,0123456789,2496655549",
        "6,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F,3737373770717273373737,36,0123456789abcdefghi,xbj3kv35jrawxv32ysr",
        "7,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94,'',10,0123456789,6657667009",
        "8,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94,39383736353433323130,10,0123456789,1001623463",
        "9,2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94,3737373770717273373737,36,0123456789abcdefghi,xs8a0azh2avyalyzuwd",
    })
    void ff1OverAesReproducesTheNistSample(int sample, String key, String tweak, int radix, String plaintext, String ciphertext) {
        Ff1 ff1 = new Ff1(MaskingKey.of(MaskingKey.Algorithm.FF1_AES, Hex.decode(key)));
        byte[] tweakBytes = Hex.decode(tweak);

        assertThat(text(ff1.encrypt(radix, tweakBytes, numerals(plaintext)))).isEqualTo(ciphertext);
        assertThat(text(ff1.decrypt(radix, tweakBytes, numerals(ciphertext)))).isEqualTo(plaintext);
    }

    private static byte[] numerals(String text) {
        byte[] numerals = new byte[text.length()];
        for (int i = 0; i < numerals.length; i++) {
            numerals[i] = (byte) ALPHABET_36.indexOf(text.charAt(i));
        }
        return numerals;
    }

    private static String text(byte[] numerals) {
        StringBuilder text = new StringBuilder(numerals.length);
        for (byte numeral : numerals) {
            text.append(ALPHABET_36.charAt(numeral));
        }
        return text.toString();
    }
}
