package dev.cascade.policy.detect;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Citizen identity numbers (公民身份号码) of GB 11643-1999: 6-digit region code, 8-digit birth date,
 * 3-digit sequence and a MOD 11-2 (ISO 7064) check character, 0–9 or X. The legacy 15-digit form
 * (region, YYMMDD in the 1900s, sequence, no check character) is accepted only with a known region
 * and a real date, because without a check digit that is all that separates it from any other
 * 15-digit number.
 *
 * <p>The birth date must be a real calendar date, on or after 1900-01-01 and not after today in
 * China; the first four digits must be a GB/T 2260 prefecture (or a residence-permit prefix) and
 * the county part 01–99 (exactly 00 for a residence permit). Spaces and dashes between groups are
 * ignored; a lower-case x is read as X.
 */
public final class CitizenIdDetector implements Detector {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARACTERS = "10X98765432".toCharArray();
    private static final int EARLIEST_BIRTH_YEAR = 1900;

    private final AdministrativeDivisions divisions;
    private final Clock clock;

    /** Detector over the shipped GB/T 2260 table, judging "the future" by the clock in Beijing. */
    public CitizenIdDetector() {
        this(AdministrativeDivisions.gbt2260(), Clock.system(ZoneId.of("Asia/Shanghai")));
    }

    public CitizenIdDetector(AdministrativeDivisions divisions, Clock clock) {
        this.divisions = divisions;
        this.clock = clock;
    }

    @Override
    public SensitiveType type() {
        return SensitiveType.CITIZEN_ID;
    }

    @Override
    public boolean matches(String value) {
        String id = ValueText.foldWithout(value, " -");
        return switch (id.length()) {
            case 18 -> isValid18(id);
            case 15 -> isValid15(id);
            default -> false;
        };
    }

    private boolean isValid18(String id) {
        if (!ValueText.allAsciiDigits(id, 0, 17)) {
            return false;
        }
        char check = Character.toUpperCase(id.charAt(17));
        if (check != checkCharacter(id)) {
            return false;
        }
        return knownRegion(id) && plausibleBirth(ValueText.digitsValue(id, 6, 10),
                ValueText.digitsValue(id, 10, 12), ValueText.digitsValue(id, 12, 14));
    }

    private boolean isValid15(String id) {
        if (!ValueText.allAsciiDigits(id, 0, 15)) {
            return false;
        }
        return knownRegion(id) && plausibleBirth(1900 + ValueText.digitsValue(id, 6, 8),
                ValueText.digitsValue(id, 8, 10), ValueText.digitsValue(id, 10, 12));
    }

    private boolean knownRegion(String id) {
        AdministrativeDivisions.Standing prefecture = divisions.prefecture(id, 0);
        if (prefecture == null) {
            return false;
        }
        // People are registered in a county (01–99); residence permits are issued as 810000, 820000
        // and 830000.
        boolean county00 = id.charAt(4) == '0' && id.charAt(5) == '0';
        return county00 == (prefecture == AdministrativeDivisions.Standing.PERMIT);
    }

    private boolean plausibleBirth(int year, int month, int day) {
        if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        try {
            return !LocalDate.of(year, month, day).isAfter(LocalDate.now(clock));
        } catch (DateTimeException notADate) {
            return false;
        }
    }

    /** The MOD 11-2 check character for the first 17 digits of {@code id}. */
    static char checkCharacter(CharSequence id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS[sum % 11];
    }
}
