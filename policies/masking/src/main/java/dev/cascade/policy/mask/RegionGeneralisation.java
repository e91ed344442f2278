package dev.cascade.policy.mask;

import dev.cascade.policy.mask.MaskSpec.Generalisation;

/**
 * {@code generalise(region-prefecture)} and {@code generalise(region-province)} over GB/T 2260
 * six-digit administrative division codes: digits 1-2 are the province, 3-4 the prefecture, 5-6
 * the county. Generalising zeroes the finer pairs: 440106 becomes 440100 (prefecture) or 440000
 * (province). A code already as coarse as asked stays as it is.
 *
 * <p>The province pair is checked against the provinces GB/T 2260 defines, so that six arbitrary
 * digits (a date, a postcode) are refused instead of passing for a region.
 */
record RegionGeneralisation(Generalisation to) implements Masker {

    /** Province-level codes of GB/T 2260: 11-15 north, 21-23 north-east, 31-37 east, 41-46 south-central, 50-54 south-west, 61-65 north-west, 71 Taiwan, 81-82 Hong Kong and Macao. */
    private static final int[] PROVINCES = {
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82
    };

    RegionGeneralisation {
        if (!to.family().equals("region")) {
            throw new IllegalArgumentException(to + " is not a region generalisation");
        }
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String code = value.strip();
        if (code.length() != 6 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw refused("value is not a six-digit GB/T 2260 region code");
        }
        if (!isProvince(Integer.parseInt(code.substring(0, 2)))) {
            throw refused("value's first two digits are no GB/T 2260 province");
        }
        return switch (to) {
            case REGION_PREFECTURE -> code.substring(0, 4) + "00";
            case REGION_PROVINCE -> code.substring(0, 2) + "0000";
            default -> throw new AssertionError(to);
        };
    }

    private static boolean isProvince(int pair) {
        for (int province : PROVINCES) {
            if (province == pair) {
                return true;
            }
        }
        return false;
    }

    private MaskingException refused(String why) {
        return new MaskingException(new MaskSpec.Generalise(to).text(), MaskingException.Reason.VALUE_NOT_PARSEABLE, why);
    }
}
