package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TtlTest {

    @Test
    void readsSecondsMinutesHoursAndDays() {
        assertThat(Ttl.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Ttl.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Ttl.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Ttl.parse(" 30d ")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refusesAnythingElseNamingTheAcceptedForms() {
        for (String bad : new String[] {"30", "d", "", "1w", "1.5h"}) {
            assertThatThrownBy(() -> Ttl.parse(bad)).isInstanceOf(CliFailure.class)
                    .hasMessageContaining("90s, 15m, 2h or 30d");
        }
    }
}
