package dev.cascade.protocol.exchange;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an approver has to answer a conditional request: a number of working days (Monday to
 * Friday in the node's zone, less the public holidays and plus the weekend days worked in exchange
 * that the operator lists in a {@link WorkingCalendar}) or an exact duration for operators who need
 * one (and for tests). Written in configuration as {@code "5 working days"} or
 * {@code "PT30M"}.
 */
public sealed interface ReplyDeadline permits ReplyDeadline.WorkingDays, ReplyDeadline.Exact {

    Instant after(Instant start, ZoneId zone, WorkingCalendar calendar);

    String text();

    record WorkingDays(int days) implements ReplyDeadline {
        public WorkingDays {
            if (days < 1) {
                throw new IllegalArgumentException("a reply deadline is at least one working day");
            }
        }

        /**
         * The same time of day, {@code days} working days later; a start on a day off counts from
         * 00:00 of the next working day.
         */
        @Override
        public Instant after(Instant start, ZoneId zone, WorkingCalendar calendar) {
            ZonedDateTime at = start.atZone(zone);
            if (!calendar.isWorkingDay(at.toLocalDate())) {
                while (!calendar.isWorkingDay(at.toLocalDate())) {
                    at = at.plusDays(1);
                }
                at = at.toLocalDate().atStartOfDay(zone);
            }
            int left = days;
            while (left > 0) {
                at = at.plusDays(1);
                if (calendar.isWorkingDay(at.toLocalDate())) {
                    left--;
                }
            }
            return at.toInstant();
        }

        @Override
        public String text() {
            return days + " working day" + (days == 1 ? "" : "s");
        }
    }

    record Exact(Duration duration) implements ReplyDeadline {
        public Exact {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a reply deadline must be positive");
            }
        }

        @Override
        public Instant after(Instant start, ZoneId zone, WorkingCalendar calendar) {
            return start.plus(duration);
        }

        @Override
        public String text() {
            return duration.toString();
        }
    }

    Pattern WORKING_DAYS = Pattern.compile("(\\d{1,3})\\s+working\\s+days?");

    /** @throws IllegalArgumentException naming the accepted forms */
    static ReplyDeadline parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = WORKING_DAYS.matcher(t);
        if (m.matches()) {
            return new WorkingDays(Integer.parseInt(m.group(1)));
        }
        try {
            return new Exact(Duration.parse(t.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a reply deadline: write \"N working days\" "
                    + "or an ISO-8601 duration such as PT30M");
        }
    }
}
