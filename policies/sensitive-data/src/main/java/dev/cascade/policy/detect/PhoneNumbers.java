package dev.cascade.policy.detect;

/**
 * Separator and country-prefix handling shared by the mobile and landline detectors: both accept
 * "+86", "0086" and "(+86)" in front and spaces, dashes and parentheses between digit groups.
 */
final class PhoneNumbers {

    private static final String SEPARATORS = " -()";

    private PhoneNumbers() {
    }

    /**
     * A number as written: its digits after any country prefix, and whether a "+86" or "0086"
     * prefix was there (the international form drops a landline's trunk 0).
     */
    record Dialled(String digits, boolean international) {
    }

    /** The dialled form of {@code raw}, or null if anything but digits and separators is left. */
    static Dialled parse(String raw) {
        String s = ValueText.foldWithout(raw, SEPARATORS);
        boolean international = false;
        if (s.startsWith("+86")) {
            s = s.substring(3);
            international = true;
        } else if (s.startsWith("+")) {
            return null;
        } else if (s.startsWith("0086")) {
            s = s.substring(4);
            international = true;
        }
        if (s.isEmpty() || !ValueText.allAsciiDigits(s, 0, s.length())) {
            return null;
        }
        return new Dialled(s, international);
    }
}
