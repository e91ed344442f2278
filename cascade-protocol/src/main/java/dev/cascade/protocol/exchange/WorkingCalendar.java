package dev.cascade.protocol.exchange;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which days count as working days for reply deadlines: Monday to Friday, except the public
 * holidays listed, plus the weekend days listed as working days. China's public holidays and the
 * weekend days worked in exchange (调休) are set each year by a State Council notice, so an operator
 * lists them rather than the node guessing them.
 *
 * <p>Text form, one day per line ({@code #} starts a comment, blank lines are ignored):
 * <pre>
 * 2026-10-01 holiday   国庆节
 * 2026-10-10 workday   weekend day worked in exchange
 * </pre>
 * Anything after the kind is a free note.
 */
public record WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> workdays) {

    /** Monday to Friday, no holidays. */
    public static final WorkingCalendar WEEKDAYS = new WorkingCalendar(Set.of(), Set.of());

    public WorkingCalendar {
        holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
        workdays = Set.copyOf(Objects.requireNonNull(workdays, "workdays"));
        for (LocalDate day : holidays) {
            if (workdays.contains(day)) {
                throw new IllegalArgumentException(day + " is listed both as a holiday and as a working day");
            }
        }
    }

    public boolean isWorkingDay(LocalDate day) {
        if (workdays.contains(day)) {
            return true;
        }
        if (holidays.contains(day)) {
            return false;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * @throws IllegalArgumentException naming the first bad line (1-based) and what it should look like
     */
    public static WorkingCalendar parse(List<String> lines) {
        Set<LocalDate> holidays = new TreeSet<>();
        Set<LocalDate> workdays = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] parts = content.split("\\s+", 3);
            LocalDate day;
            try {
                day = LocalDate.parse(parts[0]);
            } catch (DateTimeParseException e) {
                throw bad(i, line, "'" + parts[0] + "' is not a date (YYYY-MM-DD)");
            }
            String kind = parts.length > 1 ? parts[1] : "";
            Set<LocalDate> into = switch (kind) {
                case "holiday" -> holidays;
                case "workday" -> workdays;
                default -> throw bad(i, line, "the kind after the date must be 'holiday' or 'workday'");
            };
            if (!into.add(day) || holidays.contains(day) && workdays.contains(day)) {
                throw bad(i, line, day + " is listed twice");
            }
        }
        return new WorkingCalendar(holidays, workdays);
    }

    private static IllegalArgumentException bad(int index, String line, String why) {
        return new IllegalArgumentException("working calendar line " + (index + 1) + " ('" + line.strip() + "'): " + why
                + "; write e.g. '2026-10-01 holiday' or '2026-10-10 workday'");
    }
}
