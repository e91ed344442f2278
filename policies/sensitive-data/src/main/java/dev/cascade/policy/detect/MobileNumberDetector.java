package dev.cascade.policy.detect;

/**
 * Mainland mobile numbers: 11 digits starting 1[3-9], whose first three digits are a segment the
 * MIIT has allocated to a carrier (China Mobile, Unicom, Telecom, Broadnet or a virtual operator).
 * Unallocated segments (154, 160, 179, 194…) and the 13-digit IoT ranges (140–144) are refused, so
 * an 11-digit order or account number starting with 1 is not taken for a phone. An optional +86,
 * 0086 or 86 prefix and separators ("138 1234 5678", "+86-138-1234-5678") are accepted.
 */
public final class MobileNumberDetector implements Detector {

    private static final boolean[] ALLOCATED_SEGMENTS = new boolean[200];

    static {
        int[][] ranges = {
                {130, 139}, {145, 149}, {150, 153}, {155, 159}, {162, 162}, {165, 167},
                {170, 178}, {180, 189}, {190, 193}, {195, 199}};
        for (int[] range : ranges) {
            for (int segment = range[0]; segment <= range[1]; segment++) {
                ALLOCATED_SEGMENTS[segment] = true;
            }
        }
    }

    @Override
    public SensitiveType type() {
        return SensitiveType.MOBILE;
    }

    @Override
    public boolean matches(String value) {
        PhoneNumbers.Dialled dialled = PhoneNumbers.parse(value);
        if (dialled == null) {
            return false;
        }
        String national = dialled.digits();
        // "86" written without "+" in front of a mobile number is common in exported contact lists.
        if (!dialled.international() && national.length() == 13 && national.startsWith("86")) {
            national = national.substring(2);
        }
        return national.length() == 11 && isAllocated(ValueText.digitsValue(national, 0, 3));
    }

    /** True if the 3-digit segment (130–199) is allocated to a mobile carrier. */
    static boolean isAllocated(int segment) {
        return segment >= 100 && segment < 200 && ALLOCATED_SEGMENTS[segment];
    }
}
