package dev.cascade.node.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParentClockTest {

    static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void nothing_is_known_before_the_first_heartbeat() {
        assertThat(new ParentClock().offset()).isEmpty();
        assertThat(new ParentClock().beyond(WINDOW)).isEmpty();
    }

    @Test
    void a_clock_within_the_freshness_window_passes() {
        ParentClock clock = new ParentClock();
        clock.heard(NOW.minus(Duration.ofMinutes(2)).toEpochMilli(), NOW);
        assertThat(clock.offset()).contains(Duration.ofMinutes(-2));
        assertThat(clock.beyond(WINDOW)).isEmpty();
    }

    @Test
    void a_node_ten_minutes_ahead_of_its_parent_is_told_so_plainly() {
        ParentClock clock = new ParentClock();
        clock.heard(NOW.minus(Duration.ofMinutes(10)).toEpochMilli(), NOW);
        Duration offset = clock.beyond(WINDOW).orElseThrow();
        assertThat(ParentClock.describe(offset, WINDOW)).startsWith("this node's clock is 600 s ahead of its parent's")
                .contains("300 s").contains("NTP");
    }

    @Test
    void a_node_behind_its_parent_is_refused_the_same_way_and_the_newest_heartbeat_counts() {
        ParentClock clock = new ParentClock();
        clock.heard(NOW.plus(Duration.ofMinutes(6)).toEpochMilli(), NOW);
        assertThat(ParentClock.describe(clock.beyond(WINDOW).orElseThrow(), WINDOW)).contains("360 s behind");
        clock.heard(NOW.plusSeconds(1).toEpochMilli(), NOW);
        assertThat(clock.beyond(WINDOW)).isEmpty();
    }

    @Test
    void a_heartbeat_without_its_send_time_changes_nothing() {
        ParentClock clock = new ParentClock();
        clock.heard(0, NOW);
        assertThat(clock.offset()).isEmpty();
    }
}
