package dev.cascade.policy.detect;

import java.util.List;

/**
 * Payment card numbers (PANs): 13–19 digits with a valid Luhn (ISO/IEC 7812) check digit and an
 * issuer prefix and length that a scheme actually issues. The prefix table keeps order numbers,
 * timestamps and account numbers that happen to pass Luhn (one in ten does) out: most start with
 * a date ("2024…") or a 1, 7 or 8, which no card scheme below uses at those lengths.
 *
 * <p>An 18-digit number that is a complete, valid citizen ID (region, birth date and MOD 11-2) is
 * refused: Gansu IDs start with 62 like UnionPay cards, and a real card passing all three ID checks
 * by accident is about a one-in-a-hundred-thousand event. Spaces and dashes between groups are ignored.
 */
public final class BankCardDetector implements Detector {

    /**
     * A scheme's prefix range, inclusive, compared on the first {@code prefixDigits} digits, and the
     * PAN lengths it issues as a bit set (bit n set = length n issued).
     */
    private record IssuerRange(String scheme, int from, int to, int prefixDigits, int lengths) {
        boolean covers(String pan) {
            int prefix = ValueText.digitsValue(pan, 0, prefixDigits);
            return prefix >= from && prefix <= to && (lengths & (1 << pan.length())) != 0;
        }
    }

    private static int lengths(int... issued) {
        int mask = 0;
        for (int length : issued) {
            mask |= 1 << length;
        }
        return mask;
    }

    private static final List<IssuerRange> ISSUERS = List.of(
            new IssuerRange("UnionPay", 62, 62, 2, lengths(16, 17, 18, 19)),
            new IssuerRange("Chinese bank BINs, Discover 6011", 60, 60, 2, lengths(16, 19)),
            new IssuerRange("Discover, RuPay", 65, 65, 2, lengths(16, 19)),
            new IssuerRange("Discover", 644, 649, 3, lengths(16, 19)),
            new IssuerRange("Visa", 4, 4, 1, lengths(13, 16, 19)),
            new IssuerRange("Mastercard", 51, 55, 2, lengths(16)),
            new IssuerRange("Mastercard 2-series", 2221, 2720, 4, lengths(16)),
            new IssuerRange("American Express", 34, 34, 2, lengths(15)),
            new IssuerRange("American Express", 37, 37, 2, lengths(15)),
            new IssuerRange("JCB", 3528, 3589, 4, lengths(16, 17, 18, 19)),
            new IssuerRange("Diners Club", 36, 36, 2, lengths(14, 16)),
            new IssuerRange("Diners Club", 300, 305, 3, lengths(14, 16)),
            new IssuerRange("ICBC and ABC domestic cards", 9558, 9559, 4, lengths(16, 17, 18, 19)));

    private final CitizenIdDetector citizenIds;

    public BankCardDetector() {
        this(new CitizenIdDetector());
    }

    public BankCardDetector(CitizenIdDetector citizenIds) {
        this.citizenIds = citizenIds;
    }

    @Override
    public SensitiveType type() {
        return SensitiveType.BANK_CARD;
    }

    @Override
    public boolean matches(String value) {
        String pan = ValueText.foldWithout(value, " -");
        int n = pan.length();
        if (n < 13 || n > 19 || !ValueText.allAsciiDigits(pan, 0, n) || !luhnValid(pan)) {
            return false;
        }
        if (!knownIssuer(pan)) {
            return false;
        }
        return n != 18 || !citizenIds.matches(pan);
    }

    private static boolean knownIssuer(String pan) {
        for (IssuerRange range : ISSUERS) {
            if (range.covers(pan)) {
                return true;
            }
        }
        return false;
    }

    static boolean luhnValid(CharSequence digits) {
        return luhnSum(digits, digits.length()) % 10 == 0;
    }

    /** The digit that makes {@code body} followed by it Luhn-valid. */
    static char luhnCheckDigit(CharSequence body) {
        // Appending a digit shifts every position by one, so double from the new second-last.
        int sum = 0;
        boolean doubleIt = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static int luhnSum(CharSequence digits, int length) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = length - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum;
    }
}
