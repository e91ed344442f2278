package dev.cascade.policy.detect;

/**
 * Normalisation shared by the detectors. Values in government tables are typed by people on
 * Chinese input methods, so full-width digits and letters ("１３８"), ideographic spaces and
 * assorted dashes are common and must not make a valid value look invalid.
 */
public final class ValueText {

    private ValueText() {
    }

    /**
     * Folds full-width ASCII (U+FF01–U+FF5E) to half-width, ideographic and no-break spaces to a
     * space and the Unicode dashes to '-', drops zero-width characters and trims. Null becomes "".
     */
    public static String fold(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = null;
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            char folded = foldChar(c);
            if (folded != c) {
                if (out == null) {
                    out = new StringBuilder(n);
                    out.append(raw, 0, i);
                }
                if (folded != 0) {
                    out.append(folded);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return trim(out == null ? raw : out.toString());
    }

    /** {@link #fold} and then removes every character listed in {@code separators}. */
    public static String foldWithout(String raw, String separators) {
        String folded = fold(raw);
        int n = folded.length();
        for (int i = 0; i < n; i++) {
            if (separators.indexOf(folded.charAt(i)) >= 0) {
                StringBuilder out = new StringBuilder(n);
                for (int j = 0; j < n; j++) {
                    char c = folded.charAt(j);
                    if (separators.indexOf(c) < 0) {
                        out.append(c);
                    }
                }
                return out.toString();
            }
        }
        return folded;
    }

    /** Folded character, or 0 for a character to drop. */
    private static char foldChar(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        switch (c) {
            case '\u3000', '\u00A0', '\u2007', '\u202F':
                return ' ';
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
                return '-';
            case '\u200B', '\uFEFF':
                return 0;
            default:
                return c;
        }
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean allAsciiDigits(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The decimal value of digits [from, to); callers have checked they are digits. */
    static int digitsValue(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
