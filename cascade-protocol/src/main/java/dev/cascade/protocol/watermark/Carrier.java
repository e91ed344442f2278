package dev.cascade.protocol.watermark;

import dev.cascade.protocol.catalog.FieldType;
import java.util.Optional;

/**
 * How a column's values can carry one mark bit without losing their meaning or their form.
 *
 * <p>Both carriers work the same way: the value's least significant unit {@code u} (a decimal's
 * last fractional digit, a timestamp's second) carries the bit as its parity, and is moved by at
 * most one unit to get the wanted parity. Three rules keep the change plausible and readable:
 * <ul>
 *   <li>No carry: the unit moves within its own range (a digit stays 1..9, a second 1..59), so no
 *       other character of the value changes and the text keeps its length.</li>
 *   <li>A zero unit is never a carrier and never produced: {@code 12.30} may be re-serialised as
 *       the JSON number {@code 12.3}, and a timestamp at {@code :00} says "minute precision"; an
 *       added {@code :01} would be visibly made up. So {@code u} goes to {@code u-1}, or to
 *       {@code u+1} when {@code u} is 1.</li>
 *   <li>Anything that is not exactly the carrier's form (a masked {@code 12.3*}, an exponent, an
 *       empty or null value) is not eligible: it is neither changed nor read.</li>
 * </ul>
 * Text columns have no carrier on purpose: whitespace, letter case and Unicode-equivalent
 * renderings (NFC/NFD, full/half width) are all undone by ordinary tools (trimming, Unicode
 * normalisation, spreadsheet re-saves), and any other change to a name or an identifier falsifies
 * it or breaks its check character. Text columns serve as the row's identity instead.
 */
public enum Carrier {

    /**
     * A plain decimal with a fractional part, {@code [+-]digits.digits}, surrounding whitespace
     * kept: the last fractional digit carries the bit. The value changes by one unit in the last
     * place shown (one cent of {@code 12.35}), so only columns where that is within the noise
     * belong here.
     */
    DECIMAL_LAST_DIGIT,

    /**
     * An ISO-8601 local or offset date-time with seconds, {@code yyyy-MM-dd[T ]HH:mm:ss} followed
     * by nothing, a fraction or a zone: the second carries the bit. The value moves by one second
     * at most, never across a minute.
     */
    DATETIME_SECOND;

    /** The carrier that suits a catalog field type, if any; strings, integers and dates have none. */
    public static Optional<Carrier> forFieldType(FieldType type) {
        return switch (type) {
            case DECIMAL -> Optional.of(DECIMAL_LAST_DIGIT);
            case DATETIME -> Optional.of(DATETIME_SECOND);
            case STRING, INTEGER, BOOLEAN, DATE -> Optional.empty();
        };
    }

    /** The bit {@code value} carries, or -1 when the value is not eligible. */
    int read(String value) {
        int at = unitAt(value);
        return at < 0 ? -1 : unit(value, at) & 1;
    }

    /**
     * {@code value} made to carry {@code bit}; the same instance when it already does or is not
     * eligible.
     */
    String write(String value, int bit) {
        int at = unitAt(value);
        if (at < 0) {
            return value;
        }
        int u = unit(value, at);
        if ((u & 1) == bit) {
            return value;
        }
        int moved = u == 1 ? 2 : u - 1;
        char[] chars = value.toCharArray();
        switch (this) {
            case DECIMAL_LAST_DIGIT -> chars[at] = (char) ('0' + moved);
            case DATETIME_SECOND -> {
                chars[at] = (char) ('0' + moved / 10);
                chars[at + 1] = (char) ('0' + moved % 10);
            }
        }
        return new String(chars);
    }

    private int unit(String value, int at) {
        return switch (this) {
            case DECIMAL_LAST_DIGIT -> value.charAt(at) - '0';
            case DATETIME_SECOND -> (value.charAt(at) - '0') * 10 + (value.charAt(at + 1) - '0');
        };
    }

    /** Where the unit starts in {@code value}, or -1 when the value is not eligible. */
    private int unitAt(String value) {
        if (value == null) {
            return -1;
        }
        return switch (this) {
            case DECIMAL_LAST_DIGIT -> lastFractionDigit(value);
            case DATETIME_SECOND -> secondAt(value);
        };
    }

    // Hand-written scanners rather than regular expressions: this runs on every marked value of a
    // million-row delivery.

    private static int lastFractionDigit(String s) {
        int end = s.length() - 1;
        while (end >= 0 && isSpace(s.charAt(end))) {
            end--;
        }
        int begin = 0;
        while (begin <= end && isSpace(s.charAt(begin))) {
            begin++;
        }
        if (begin > end) {
            return -1;
        }
        char last = s.charAt(end);
        if (last < '1' || last > '9') {
            return -1;
        }
        int i = end;
        while (i >= begin && isDigit(s.charAt(i))) {
            i--;
        }
        if (i < begin || s.charAt(i) != '.') {
            return -1;
        }
        int integerEnd = i - 1;
        int j = integerEnd;
        while (j >= begin && isDigit(s.charAt(j))) {
            j--;
        }
        if (j == integerEnd) {
            return -1; // ".5": no integer digits, not a plain decimal in every reader
        }
        if (j >= begin && !(j == begin && (s.charAt(j) == '-' || s.charAt(j) == '+'))) {
            return -1;
        }
        return end;
    }

    private static int secondAt(String s) {
        int b = 0;
        while (b < s.length() && isSpace(s.charAt(b))) {
            b++;
        }
        if (s.length() - b < 19) {
            return -1;
        }
        for (int k = 0; k < 19; k++) {
            char c = s.charAt(b + k);
            boolean ok = switch (k) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T' || c == ' ';
                case 13, 16 -> c == ':';
                default -> isDigit(c);
            };
            if (!ok) {
                return -1;
            }
        }
        int after = b + 19;
        if (after < s.length()) {
            char c = s.charAt(after);
            if (c != '.' && c != 'Z' && c != '+' && c != '-' && !isSpace(c)) {
                return -1;
            }
        }
        int at = b + 17;
        int second = (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
        return second >= 1 && second <= 59 ? at : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
