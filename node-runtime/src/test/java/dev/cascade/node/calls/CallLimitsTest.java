package dev.cascade.node.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CallLimitsTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 7);
    static final long SECOND = 1_000_000_000L;

    @Test
    void aDailyQuotaCountsFromWhatIsOnRecordAndStartsAgainTheNextDay() {
        CallLimits limits = new CallLimits();
        assertThat(limits.take("g", 3, 0, DAY, SECOND, () -> 2L)).isEqualTo(new CallLimits.Use(CallLimits.Verdict.WITHIN, 3));
        assertThat(limits.take("g", 3, 0, DAY, 2 * SECOND, () -> 99L).verdict()).isEqualTo(CallLimits.Verdict.OVER_QUOTA);
        assertThat(limits.take("g", 3, 0, DAY.plusDays(1), 3 * SECOND, () -> 99L))
                .isEqualTo(new CallLimits.Use(CallLimits.Verdict.WITHIN, 1));
    }

    @Test
    void aRateLetsASecondsWorthThroughAtOnceThenRefillsContinuously() {
        CallLimits limits = new CallLimits();
        long t = 10 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(limits.take("g", 0, 5, DAY, t, () -> 0L).verdict()).isEqualTo(CallLimits.Verdict.WITHIN);
        }
        assertThat(limits.take("g", 0, 5, DAY, t, () -> 0L).verdict()).isEqualTo(CallLimits.Verdict.OVER_RATE);
        assertThat(limits.take("g", 0, 5, DAY, t + SECOND / 5, () -> 0L).verdict()).isEqualTo(CallLimits.Verdict.WITHIN);
        assertThat(limits.take("g", 0, 5, DAY, t + SECOND / 5, () -> 0L).verdict()).isEqualTo(CallLimits.Verdict.OVER_RATE);
    }

    @Test
    void aRefusedCallUsesNoQuota() {
        CallLimits limits = new CallLimits();
        limits.take("g", 10, 1, DAY, SECOND, () -> 0L);
        assertThat(limits.take("g", 10, 1, DAY, SECOND, () -> 0L).verdict()).isEqualTo(CallLimits.Verdict.OVER_RATE);
        assertThat(limits.usedToday("g", DAY)).isEqualTo(1);
    }
}
