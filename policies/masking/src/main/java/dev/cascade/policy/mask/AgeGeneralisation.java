package dev.cascade.policy.mask;

import dev.cascade.policy.mask.MaskSpec.Generalisation;

/**
 * {@code generalise(age-5|age-10|age-20)}: a whole age in years becomes the band it falls in, bands
 * starting at multiples of the width from 0: with width 5, 32 becomes "30-34"; with 20, "20-39".
 *
 * <p>Only plain integers from 0 to {@value #OLDEST} are ages; anything else (a negative number,
 * "32岁", 32.5, 200) is refused rather than banded, because a band computed from a misread value
 * would look authoritative.
 */
record AgeGeneralisation(Generalisation to) implements Masker {

    static final int OLDEST = 150;

    AgeGeneralisation {
        if (!to.family().equals("age")) {
            throw new IllegalArgumentException(to + " is not an age generalisation");
        }
    }

    int width() {
        return switch (to) {
            case AGE_RANGE_5 -> 5;
            case AGE_RANGE_10 -> 10;
            case AGE_RANGE_20 -> 20;
            default -> throw new AssertionError(to);
        };
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String digits = value.strip();
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw refused("value is not a whole number of years");
        }
        int age = Integer.parseInt(digits);
        if (age > OLDEST) {
            throw refused("value is above " + OLDEST + ", not an age");
        }
        int width = width();
        int low = age / width * width;
        return low + "-" + (low + width - 1);
    }

    private MaskingException refused(String why) {
        return new MaskingException(new MaskSpec.Generalise(to).text(), MaskingException.Reason.VALUE_NOT_PARSEABLE, why);
    }
}
