package dev.cascade.policy.detect;

/**
 * Mainland motor-vehicle plates (GA 36): a province abbreviation, the issuing authority's letter
 * and then either
 * <ul>
 *   <li>a 5-character serial of digits and letters (at most three letters), or 4 such characters
 *       and a use suffix (学 coach, 警 police, 挂 trailer, 港/澳 cross-border, 领 consular,
 *       试 test, 超 oversize); or</li>
 *   <li>a 6-character new-energy serial: small vehicles a type letter (D, A, B, C, E battery
 *       electric; F, G, H, J, K other new energy), a digit or letter and four digits; large
 *       vehicles five digits and D or F.</li>
 * </ul>
 * The letters I and O are never issued (they read as 1 and 0), so a plate containing them is
 * refused. Lower-case letters, full-width characters and a separator after the authority letter
 * ("粤B·12345", "粤B 12345", "粤B-12345") are accepted.
 */
public final class VehiclePlateDetector implements Detector {

    static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    static final String USE_SUFFIXES = "学警挂港澳领试超";
    private static final String SEPARATORS = " -·•・.";
    private static final String NEW_ENERGY_SMALL_TYPES = "DABCEFGHJK";
    private static final int MAX_SERIAL_LETTERS = 3;

    @Override
    public SensitiveType type() {
        return SensitiveType.VEHICLE_PLATE;
    }

    @Override
    public boolean matches(String value) {
        String plate = ValueText.foldWithout(value, SEPARATORS);
        int n = plate.length();
        if (n < 7 || n > 8 || PROVINCES.indexOf(plate.charAt(0)) < 0 || !isPlateLetter(upper(plate.charAt(1)))) {
            return false;
        }
        return n == 7 ? regularSerial(plate) : newEnergySerial(plate);
    }

    private static boolean regularSerial(String plate) {
        int letters = 0;
        for (int i = 2; i < 7; i++) {
            char c = upper(plate.charAt(i));
            if (i == 6 && USE_SUFFIXES.indexOf(c) >= 0) {
                return true;
            }
            if (isPlateLetter(c)) {
                letters++;
            } else if (!ValueText.isAsciiDigit(c)) {
                return false;
            }
        }
        return letters <= MAX_SERIAL_LETTERS;
    }

    private static boolean newEnergySerial(String plate) {
        char first = upper(plate.charAt(2));
        char last = upper(plate.charAt(7));
        if (NEW_ENERGY_SMALL_TYPES.indexOf(first) >= 0) {
            char second = upper(plate.charAt(3));
            return (isPlateLetter(second) || ValueText.isAsciiDigit(second))
                    && ValueText.allAsciiDigits(plate, 4, 8);
        }
        return (last == 'D' || last == 'F') && ValueText.allAsciiDigits(plate, 2, 7);
    }

    private static boolean isPlateLetter(char c) {
        return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
}
