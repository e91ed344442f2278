package dev.cascade.policy.mask;

import dev.cascade.policy.mask.MaskSpec.Generalisation;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code generalise(date-month)} and {@code generalise(date-year)}: a date, or a date-time, becomes
 * {@code yyyy-MM} or {@code yyyy}, whatever form it came in.
 *
 * <p>The date is taken as written: an ISO date-time with an offset is not converted to another zone
 * first, because the field's owner chose that calendar day and converting could move it across a
 * month or year boundary. A value in none of the recognised forms, or naming a day that does not
 * exist (2023-02-29), is a {@link MaskingException}.
 */
record DateGeneralisation(Generalisation to) implements Masker {

    /** yyyy-MM-dd or yyyy/MM/dd (one or two digit month and day, one separator throughout), optionally a time. */
    private static final Pattern SEPARATED = Pattern.compile(
            "(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})"
                    + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?"
                    + "(?:Z|([+-])(\\d{2}):?(\\d{2}))?)?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern CHINESE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日");

    static final String FORMS = "yyyy-MM-dd, yyyy/MM/dd, yyyyMMdd, yyyy年M月d日 or an ISO date-time";

    DateGeneralisation {
        if (!to.family().equals("date")) {
            throw new IllegalArgumentException(to + " is not a date generalisation");
        }
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        LocalDate date = parse(value.strip());
        String year = fourDigits(date.getYear());
        return switch (to) {
            case DATE_MONTH -> year + (date.getMonthValue() < 10 ? "-0" : "-") + date.getMonthValue();
            case DATE_YEAR -> year;
            default -> throw new AssertionError(to);
        };
    }

    private LocalDate parse(String text) {
        try {
            Matcher m = SEPARATED.matcher(text);
            if (m.matches()) {
                LocalDate date = date(m.group(1), m.group(3), m.group(4));
                if (m.group(5) != null) {
                    checkTime(m);
                }
                return date;
            }
            m = COMPACT.matcher(text);
            if (m.matches()) {
                return date(m.group(1), m.group(2), m.group(3));
            }
            m = CHINESE.matcher(text);
            if (m.matches()) {
                return date(m.group(1), m.group(2), m.group(3));
            }
        } catch (DateTimeException e) {
            throw refused("value has a date form but names no real date or time");
        }
        throw refused("value is not a date in a recognised form (" + FORMS + ")");
    }

    private static LocalDate date(String year, String month, String day) {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    }

    /** A date-time whose time is impossible (25:00) is not a date-time, so not generalised either. */
    private static void checkTime(Matcher m) {
        int second = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
        LocalTime.of(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), second);
        if (m.group(8) != null) {
            int sign = m.group(8).equals("-") ? -1 : 1;
            ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(9)), sign * Integer.parseInt(m.group(10)));
        }
    }

    private static String fourDigits(int year) {
        String digits = Integer.toString(year);
        return "0000".substring(digits.length()) + digits;
    }

    private MaskingException refused(String why) {
        return new MaskingException(new MaskSpec.Generalise(to).text(), MaskingException.Reason.VALUE_NOT_PARSEABLE, why);
    }
}
