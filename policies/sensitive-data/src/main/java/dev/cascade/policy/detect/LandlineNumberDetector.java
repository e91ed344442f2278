package dev.cascade.policy.detect;

/**
 * Mainland fixed-line numbers with their area code: 010 or 02x followed by 8 digits, or a 4-digit
 * area code 03xx–09xx followed by 7 or 8 digits. The subscriber number starts with 2–8 (0 and 1
 * are trunk and service prefixes, 9 opens service numbers such as 95xxx). Without the area code
 * an 8-digit number is indistinguishable from any other, so one is required. "+86 755 …" is read
 * as 0755 ….
 */
public final class LandlineNumberDetector implements Detector {

    @Override
    public SensitiveType type() {
        return SensitiveType.LANDLINE;
    }

    @Override
    public boolean matches(String value) {
        PhoneNumbers.Dialled dialled = PhoneNumbers.parse(value);
        if (dialled == null) {
            return false;
        }
        String digits = dialled.digits();
        // "+86 0755 …" keeps a trunk 0 it should have dropped; people write it, so accept both.
        String national = dialled.international() && digits.charAt(0) != '0' ? "0" + digits : digits;
        if (national.length() < 10 || national.charAt(0) != '0' || national.charAt(1) == '0') {
            return false;
        }
        // 010 and 020–029 are the only 3-digit area codes; 011–019 do not exist.
        int areaLength = national.charAt(1) == '1' || national.charAt(1) == '2' ? 3 : 4;
        if (national.charAt(1) == '1' && national.charAt(2) != '0') {
            return false;
        }
        int subscriberLength = national.length() - areaLength;
        boolean lengthOk = areaLength == 3 ? subscriberLength == 8 : subscriberLength == 7 || subscriberLength == 8;
        char first = national.charAt(areaLength);
        return lengthOk && first >= '2' && first <= '8';
    }
}
