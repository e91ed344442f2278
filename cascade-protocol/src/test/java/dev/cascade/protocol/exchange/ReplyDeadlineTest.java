package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReplyDeadlineTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Test
    void five_working_days_from_a_wednesday_end_the_next_wednesday() {
        Instant wednesday = Instant.parse("2026-11-25T02:00:00Z"); // 10:00 in Beijing
        assertThat(ReplyDeadline.parse("5 working days").after(wednesday, BEIJING))
                .isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
    }

    @Test
    void a_request_made_at_the_weekend_counts_from_monday_morning() {
        Instant saturday = Instant.parse("2026-11-28T06:00:00Z");
        assertThat(ReplyDeadline.parse("1 working day").after(saturday, BEIJING))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z")); // Tuesday 00:00 Beijing
    }

    @Test
    void an_exact_duration_is_taken_as_written() {
        Instant now = Instant.parse("2026-11-28T06:00:00Z");
        assertThat(ReplyDeadline.parse("PT3S").after(now, BEIJING)).isEqualTo(now.plus(Duration.ofSeconds(3)));
    }

    @Test
    void anything_else_is_refused_naming_the_accepted_forms() {
        assertThatThrownBy(() -> ReplyDeadline.parse("five days"))
                .hasMessageContaining("N working days").hasMessageContaining("PT30M");
        assertThatThrownBy(() -> ReplyDeadline.parse("0 working days")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplyDeadline.parse("-PT1S")).isInstanceOf(IllegalArgumentException.class);
    }
}
