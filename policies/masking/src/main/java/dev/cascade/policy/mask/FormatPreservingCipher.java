package dev.cascade.policy.mask;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code fpe(sm4|aes,KEY_ID)}: FF1 format-preserving encryption. The ciphertext has the plaintext's
 * shape, character for character: an ASCII digit stays a digit, an ASCII upper-case letter stays
 * upper case, a lower-case letter stays lower case, and every other character (dashes, spaces,
 * Chinese characters) stays where and what it was. As a special case the check character X of an
 * 18-character resident identity number (GB 11643: 17 digits, then X) also stays, so an ID number
 * encrypts to 17 digits and its X.
 *
 * <p><b>How the shape is kept.</b> When every encrypted character is a digit, the digits are one
 * FF1 input in radix 10, exactly as SP 800-38G specifies. When letters are present, the value's
 * characters are read as one number in mixed radix (10 per digit position, 26 per letter position)
 * below {@code domain} = the product of those radixes; FF1 in radix 2 over just enough bits to
 * hold it is then applied again until the result falls below {@code domain} (cycle walking, Black
 * and Rogaway 2002). Each step is a permutation of the bit strings, so the walk always ends (at
 * worst back at the input's own cycle) and decryption walks back the same way; as the bit range is
 * less than twice the domain, it takes fewer than two steps on average.
 *
 * <p><b>Tweak.</b> The UTF-8 key id, a zero byte, then the shape of the encrypted characters
 * ('9' digit, 'A' upper-case, 'a' lower-case letter; kept characters are not part of it). With one
 * key, one digit string therefore encrypts the same in every field and every formatting
 * (138-0013-8000 and 13800138000 share their digits' ciphertext), so recipients can join on it;
 * fields that must not be joinable get different keys. Values of different shapes never share a
 * permutation.
 *
 * <p><b>Domain rule.</b> SP 800-38G Rev. 1 requires radix^length ≥ 1,000,000; here the number of
 * values of the shape must be at least that (six digits, five letters, or a mix such as one letter
 * and five digits). Shorter values are refused with {@link MaskingException.Reason#BELOW_FPE_DOMAIN},
 * never passed through.
 *
 * <p>Reversible only with the key: {@link #decrypt} is for the key holder. Thread-safe.
 */
public final class FormatPreservingCipher implements Masker {

    private static final BigInteger MIN_DOMAIN = BigInteger.valueOf(Ff1.MIN_DOMAIN);
    private static final BigInteger TEN = BigInteger.TEN;
    private static final BigInteger TWENTY_SIX = BigInteger.valueOf(26);
    private static final char KEPT = 0;
    private static final char DIGIT = '9';
    private static final char UPPER = 'A';
    private static final char LOWER = 'a';

    private final String function;
    private final byte[] tweakPrefix;
    private final Ff1 ff1;

    FormatPreservingCipher(MaskSpec.FormatPreserving spec, MaskingKey key) {
        this.function = spec.text();
        Objects.requireNonNull(key, "key");
        MaskingKey.Algorithm needed = spec.cipher() == MaskSpec.FpeCipher.SM4
                ? MaskingKey.Algorithm.FF1_SM4 : MaskingKey.Algorithm.FF1_AES;
        if (key.algorithm() != needed) {
            throw new MaskingException(function, MaskingException.Reason.KEY_ALGORITHM_MISMATCH,
                    "key is for " + key.algorithm() + ", " + spec.cipher().token() + " FPE needs " + needed);
        }
        byte[] id = spec.keyId().getBytes(StandardCharsets.UTF_8);
        this.tweakPrefix = new byte[id.length + 1];
        System.arraycopy(id, 0, tweakPrefix, 0, id.length);
        this.ff1 = new Ff1(key);
    }

    @Override
    public String mask(String value) {
        return encrypt(value);
    }

    /** The FF1 ciphertext of {@code plaintext}, same shape. */
    public String encrypt(String plaintext) {
        return transform(plaintext, true);
    }

    /** For the key holder: the plaintext whose {@link #encrypt} is {@code ciphertext}. */
    public String decrypt(String ciphertext) {
        return transform(ciphertext, false);
    }

    private String transform(String value, boolean forEncryption) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char[] chars = value.toCharArray();
        char[] classes = classify(chars);
        StringBuilder shape = new StringBuilder(chars.length);
        boolean digitsOnly = true;
        for (char c : classes) {
            if (c != KEPT) {
                shape.append(c);
                digitsOnly &= c == DIGIT;
            }
        }
        byte[] tweak = tweak(shape);
        if (digitsOnly) {
            transformDigits(chars, classes, shape.length(), tweak, forEncryption);
        } else {
            transformMixed(chars, classes, tweak, forEncryption);
        }
        return new String(chars);
    }

    private void transformDigits(char[] chars, char[] classes, int count, byte[] tweak, boolean forEncryption) {
        // 10^count >= 1,000,000 exactly when there are six digits or more.
        if (count < 6) {
            throw belowDomain(count);
        }
        byte[] numerals = new byte[count];
        int n = 0;
        for (int i = 0; i < chars.length; i++) {
            if (classes[i] == DIGIT) {
                numerals[n++] = (byte) (chars[i] - '0');
            }
        }
        byte[] out = forEncryption ? ff1.encrypt(10, tweak, numerals) : ff1.decrypt(10, tweak, numerals);
        n = 0;
        for (int i = 0; i < chars.length; i++) {
            if (classes[i] == DIGIT) {
                chars[i] = (char) ('0' + out[n++]);
            }
        }
    }

    private void transformMixed(char[] chars, char[] classes, byte[] tweak, boolean forEncryption) {
        BigInteger domain = BigInteger.ONE;
        BigInteger number = BigInteger.ZERO;
        int count = 0;
        for (int i = 0; i < chars.length; i++) {
            if (classes[i] != KEPT) {
                BigInteger radix = classes[i] == DIGIT ? TEN : TWENTY_SIX;
                domain = domain.multiply(radix);
                number = number.multiply(radix).add(BigInteger.valueOf(symbol(chars[i], classes[i])));
                count++;
            }
        }
        if (domain.compareTo(MIN_DOMAIN) < 0) {
            throw belowDomain(count);
        }
        int bits = domain.subtract(BigInteger.ONE).bitLength();
        do {
            byte[] in = toBits(number, bits);
            byte[] out = forEncryption ? ff1.encrypt(2, tweak, in) : ff1.decrypt(2, tweak, in);
            number = fromBits(out);
        } while (number.compareTo(domain) >= 0);
        for (int i = chars.length - 1; i >= 0; i--) {
            if (classes[i] != KEPT) {
                BigInteger[] quotientAndSymbol = number.divideAndRemainder(classes[i] == DIGIT ? TEN : TWENTY_SIX);
                chars[i] = character(quotientAndSymbol[1].intValue(), classes[i]);
                number = quotientAndSymbol[0];
            }
        }
    }

    /** Each position's class; the X of a GB 11643 identity number is kept like a separator. */
    private static char[] classify(char[] chars) {
        char[] classes = new char[chars.length];
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                classes[i] = DIGIT;
            } else if (c >= 'A' && c <= 'Z') {
                classes[i] = UPPER;
            } else if (c >= 'a' && c <= 'z') {
                classes[i] = LOWER;
            } else {
                classes[i] = KEPT;
            }
        }
        if (isIdentityNumberWithCheckX(chars)) {
            classes[17] = KEPT;
        }
        return classes;
    }

    private static boolean isIdentityNumberWithCheckX(char[] chars) {
        if (chars.length != 18 || (chars[17] != 'X' && chars[17] != 'x')) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (chars[i] < '0' || chars[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private byte[] tweak(CharSequence shape) {
        byte[] tweak = new byte[tweakPrefix.length + shape.length()];
        System.arraycopy(tweakPrefix, 0, tweak, 0, tweakPrefix.length);
        for (int i = 0; i < shape.length(); i++) {
            tweak[tweakPrefix.length + i] = (byte) shape.charAt(i);
        }
        return tweak;
    }

    private static int symbol(char c, char characterClass) {
        return switch (characterClass) {
            case DIGIT -> c - '0';
            case UPPER -> c - 'A';
            case LOWER -> c - 'a';
            default -> throw new AssertionError(characterClass);
        };
    }

    private static char character(int symbol, char characterClass) {
        return switch (characterClass) {
            case DIGIT -> (char) ('0' + symbol);
            case UPPER -> (char) ('A' + symbol);
            case LOWER -> (char) ('a' + symbol);
            default -> throw new AssertionError(characterClass);
        };
    }

    /** Big-endian bits, one numeral per byte, as FF1 in radix 2 takes them. */
    private static byte[] toBits(BigInteger number, int length) {
        byte[] bits = new byte[length];
        for (int i = 0; i < length; i++) {
            bits[length - 1 - i] = (byte) (number.testBit(i) ? 1 : 0);
        }
        return bits;
    }

    private static BigInteger fromBits(byte[] bits) {
        BigInteger number = BigInteger.ZERO;
        for (int i = 0; i < bits.length; i++) {
            if (bits[bits.length - 1 - i] != 0) {
                number = number.setBit(i);
            }
        }
        return number;
    }

    private MaskingException belowDomain(int count) {
        return new MaskingException(function, MaskingException.Reason.BELOW_FPE_DOMAIN,
                "the value's " + count + " encryptable character(s) have fewer than 1,000,000 possible values;"
                        + " SP 800-38G forbids FF1 on so small a domain");
    }

    @Override
    public String toString() {
        return function;
    }
}
