package dev.cascade.policy.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Personal names, by dictionary and shape rather than by any check digit, so the weakest detector
 * here (see the figures in {@code docs/policies/sensitive-data.md}):
 * <ul>
 *   <li>Chinese names: a surname from {@code chinese-surnames.txt} (single or compound) followed by
 *       one to three Han characters, none of which is one that given names practically never use
 *       (particles, administrative and organisational suffixes: 的, 市, 局, 公司's 司…);</li>
 *   <li>transliterated minority and foreign names written with a middle dot, two to four Han
 *       segments ("阿依古丽·买买提");</li>
 *   <li>Latin-script names, two or three capitalised words ("Zhang Wei", "WANG Fang"). These are
 *       also what a place or product name looks like, so their {@link #evidence} is only
 *       {@value #LATIN_NAME_EVIDENCE}: a column of them is labelled only with a name-like header.</li>
 * </ul>
 * Spaces inside a Chinese name ("王　五", padded to align in print) are ignored.
 */
public final class PersonNameDetector implements Detector {

    public static final double LATIN_NAME_EVIDENCE = 0.5;

    private static final String SURNAMES = "chinese-surnames.txt";
    private static final String NAME_DOTS = "·•・.";
    private static final int MAX_SEGMENTS = 4;
    private static final int MAX_SEGMENT_LENGTH = 10;

    /**
     * Characters that given names practically never contain: grammatical particles and the
     * suffixes of places, organisations, documents and money, which is what a column of ordinary
     * words starting with a surname character ("高新区", "周口店", "王府井") trips on.
     */
    private static final String NOT_IN_GIVEN_NAMES =
            "的了吗呢吧啊哦嗯么是在没这那个们什谁哪省市区县镇乡村路街号室楼弄巷局厅处所院校司店厂场站馆部委办"
                    + "会社组亿年时秒码证件卡账户额费税款价单表据系统管限责股份团医州口井府";

    private final Set<Integer> singleSurnames;
    private final Set<String> compoundSurnames;

    public PersonNameDetector() {
        Set<Integer> single = new HashSet<>();
        Set<String> compound = new HashSet<>();
        for (String surname : readSurnames()) {
            if (surname.codePointCount(0, surname.length()) == 1) {
                single.add(surname.codePointAt(0));
            } else {
                compound.add(surname);
            }
        }
        this.singleSurnames = Set.copyOf(single);
        this.compoundSurnames = Set.copyOf(compound);
    }

    @Override
    public SensitiveType type() {
        return SensitiveType.PERSON_NAME;
    }

    @Override
    public boolean matches(String value) {
        return evidence(value) > 0;
    }

    @Override
    public double evidence(String value) {
        String s = ValueText.fold(value);
        if (s.isEmpty()) {
            return 0;
        }
        if (containsHan(s)) {
            return chineseName(ValueText.foldWithout(s, " ")) ? 1.0 : 0.0;
        }
        return latinName(s) ? LATIN_NAME_EVIDENCE : 0.0;
    }

    private boolean chineseName(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (NAME_DOTS.indexOf(s.charAt(i)) >= 0) {
                return dottedName(s);
            }
        }
        int length = s.codePointCount(0, s.length());
        if (length < 2 || length > 5 || !allHan(s, 0, s.length())) {
            return false;
        }
        if (length >= 3 && compoundSurnames.contains(s.substring(0, 2)) && plausibleGivenName(s, 2)) {
            return true;
        }
        int surname = s.codePointAt(0);
        int givenStart = Character.charCount(surname);
        return length <= 4 && singleSurnames.contains(surname) && plausibleGivenName(s, givenStart);
    }

    private static boolean plausibleGivenName(String s, int from) {
        int length = s.codePointCount(from, s.length());
        if (length < 1 || length > 3) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (NOT_IN_GIVEN_NAMES.indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean dottedName(String s) {
        int segments = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || NAME_DOTS.indexOf(s.charAt(i)) >= 0) {
                int length = s.codePointCount(start, i);
                if (length < 1 || length > MAX_SEGMENT_LENGTH || !allHan(s, start, i)) {
                    return false;
                }
                for (int j = start; j < i; j++) {
                    if (NOT_IN_GIVEN_NAMES.indexOf(s.charAt(j)) >= 0) {
                        return false;
                    }
                }
                segments++;
                start = i + 1;
            }
        }
        return segments >= 2 && segments <= MAX_SEGMENTS && s.codePointCount(0, s.length()) >= 4;
    }

    private static boolean latinName(String s) {
        if (s.length() > 40) {
            return false;
        }
        int words = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ' ') {
                if (!latinNameWord(s, start, i)) {
                    return false;
                }
                words++;
                start = i + 1;
            }
        }
        return words >= 2 && words <= 3;
    }

    /** "Wang", "WANG", "Jean-Luc", "O'Brien": capitalised parts joined by '-' or an apostrophe. */
    private static boolean latinNameWord(String s, int from, int to) {
        if (to - from < 2 || to - from > 20) {
            return false;
        }
        int partStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '-' || s.charAt(i) == '\'') {
                if (!latinNamePart(s, partStart, i)) {
                    return false;
                }
                partStart = i + 1;
            }
        }
        return true;
    }

    /** An upper-case letter, then letters all in lower case or all in upper case. */
    private static boolean latinNamePart(String s, int from, int to) {
        if (to <= from || !isUpper(s.charAt(from))) {
            return false;
        }
        boolean lowerTail = to - from > 1 && isLower(s.charAt(from + 1));
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (lowerTail ? !isLower(c) : !isUpper(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean containsHan(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isHan(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    static boolean allHan(String s, int from, int to) {
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            if (!isHan(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    private static Set<String> readSurnames() {
        try (InputStream in = PersonNameDetector.class.getResourceAsStream(SURNAMES)) {
            if (in == null) {
                throw new IllegalStateException(SURNAMES + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Set<String> surnames = new HashSet<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String surname = line.strip();
                if (!surname.isEmpty() && !surname.startsWith("#")) {
                    surnames.add(surname);
                }
            }
            return surnames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
