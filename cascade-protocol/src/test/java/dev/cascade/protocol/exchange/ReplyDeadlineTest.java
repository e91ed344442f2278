package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyDeadlineTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Test
    void five_working_days_from_a_wednesday_end_the_next_wednesday() {
        Instant wednesday = Instant.parse("2026-11-25T02:00:00Z"); // 10:00 in Beijing
        assertThat(ReplyDeadline.parse("5 working days").after(wednesday, BEIJING, WorkingCalendar.WEEKDAYS))
                .isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
    }

    @Test
    void a_request_made_at_the_weekend_counts_from_monday_morning() {
        Instant saturday = Instant.parse("2026-11-28T06:00:00Z");
        assertThat(ReplyDeadline.parse("1 working day").after(saturday, BEIJING, WorkingCalendar.WEEKDAYS))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z")); // Tuesday 00:00 Beijing
    }

    @Test
    void listed_holidays_do_not_count_and_a_weekend_day_worked_in_exchange_does() {
        // Test data shaped like a National Day notice: 1-7 October off, Saturday 10 October worked.
        WorkingCalendar calendar = WorkingCalendar.parse(List.of(
                "# golden week (test data)",
                "2026-10-01 holiday 国庆节", "2026-10-02 holiday", "2026-10-05 holiday", "2026-10-06 holiday",
                "2026-10-07 holiday", "2026-10-10 workday  调休", ""));
        Instant wednesday = Instant.parse("2026-09-30T02:00:00Z"); // 10:00 in Beijing, the eve of the holiday
        // Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13.
        assertThat(ReplyDeadline.parse("5 working days").after(wednesday, BEIJING, calendar))
                .isEqualTo(Instant.parse("2026-10-13T02:00:00Z"));
        // Asked on a holiday: counting starts at 00:00 of the next working day (Thu 8 October).
        Instant holiday = Instant.parse("2026-10-02T06:00:00Z");
        assertThat(ReplyDeadline.parse("1 working day").after(holiday, BEIJING, calendar))
                .isEqualTo(Instant.parse("2026-10-08T16:00:00Z")); // Fri 9 October 00:00 Beijing
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-10"))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-05"))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-12"))).isTrue();
    }

    @Test
    void a_calendar_line_that_is_not_a_day_and_its_kind_is_refused_naming_the_line() {
        assertThatThrownBy(() -> WorkingCalendar.parse(List.of("# ok", "2026-13-01 holiday")))
                .hasMessageContaining("line 2").hasMessageContaining("not a date");
        assertThatThrownBy(() -> WorkingCalendar.parse(List.of("2026-10-01 off")))
                .hasMessageContaining("line 1").hasMessageContaining("'holiday' or 'workday'");
        assertThatThrownBy(() -> WorkingCalendar.parse(List.of("2026-10-01")))
                .hasMessageContaining("'holiday' or 'workday'");
        assertThatThrownBy(() -> WorkingCalendar.parse(List.of("2026-10-01 holiday", "2026-10-01 holiday")))
                .hasMessageContaining("line 2").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> WorkingCalendar.parse(List.of("2026-10-10 workday", "2026-10-10 holiday")))
                .hasMessageContaining("line 2").hasMessageContaining("listed twice");
    }

    @Test
    void an_exact_duration_is_taken_as_written() {
        Instant now = Instant.parse("2026-11-28T06:00:00Z");
        assertThat(ReplyDeadline.parse("PT3S").after(now, BEIJING, WorkingCalendar.WEEKDAYS)).isEqualTo(now.plus(Duration.ofSeconds(3)));
    }

    @Test
    void anything_else_is_refused_naming_the_accepted_forms() {
        assertThatThrownBy(() -> ReplyDeadline.parse("five days"))
                .hasMessageContaining("N working days").hasMessageContaining("PT30M");
        assertThatThrownBy(() -> ReplyDeadline.parse("0 working days")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplyDeadline.parse("-PT1S")).isInstanceOf(IllegalArgumentException.class);
    }
}
