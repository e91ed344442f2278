package dev.cascade.node.supervision.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.supervision.rules.RiskRules.Finding;
import dev.cascade.policy.pack.AlertThresholds;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.supervision.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each built-in rule's edge, with the built-in thresholds (k 10, min 1000 rows, 5 denials, 08:00-20:00 Mon-Fri Shanghai, 5000 bulk rows, 30 days, 1 h). */
class RiskRulesTest {

    private static final AlertThresholds T = AlertThresholds.BUILT_IN;
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void theMedianCountsQuietDaysAsZero() {
        assertThat(RiskRules.median(List.of(0L, 0L, 0L, 500L, 600L, 700L, 800L))).isEqualTo(500);
        assertThat(RiskRules.median(List.of(100L, 300L))).isEqualTo(200);
        assertThat(RiskRules.median(List.of())).isZero();
    }

    @Test
    void aSpikeIsAboveFactorTimesTheMedianAndAtLeastTheMinimum() {
        List<Long> week = Collections.nCopies(7, 200L);
        assertThat(RiskRules.volumeSpike(T, "d@440100", 2000, week, List.of(1L))).isEmpty();
        Optional<Finding> spike = RiskRules.volumeSpike(T, "d@440100", 2001, week, List.of(1L, 2L));
        assertThat(spike).get().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("volume.spike");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.subject()).isEqualTo("d@440100");
            assertThat(f.evidence()).containsExactly(1L, 2L);
            assertThat(f.detail()).contains("2001 rows", "median 200.0", "7 days");
        });
        // A department that never took data: any day of at least min-rows is a spike, fewer is not.
        assertThat(RiskRules.volumeSpike(T, "d@440100", 999, Collections.nCopies(7, 0L), List.of())).isEmpty();
        assertThat(RiskRules.volumeSpike(T, "d@440100", 1000, Collections.nCopies(7, 0L), List.of())).isPresent();
    }

    @Test
    void aTighterFactorFiresSooner() {
        AlertThresholds tighter = new AlertThresholds(3.0, 7, 100L, 5, Duration.ofHours(1), T.workFrom(), T.workTo(),
                T.workDays(), T.zone(), 5000L, 30, Duration.ofHours(1), Map.of("volume.spike", Severity.CRITICAL));
        Optional<Finding> f = RiskRules.volumeSpike(tighter, "d@440100", 700, Collections.nCopies(7, 200L), List.of());
        assertThat(f).get().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void bulkDeliveriesAlertOnlyOutsideWorkingHours() {
        // 2026-12-07 is a Monday: 10:00 in Shanghai is 02:00 UTC; 21:00 is 13:00 UTC.
        assertThat(RiskRules.bulkOffHours(T, "d@440100", "x1", 5000, Instant.parse("2026-12-07T02:00:00Z"), 9)).isEmpty();
        assertThat(RiskRules.bulkOffHours(T, "d@440100", "x1", 4999, Instant.parse("2026-12-07T13:00:00Z"), 9)).isEmpty();
        Optional<Finding> night = RiskRules.bulkOffHours(T, "d@440100", "x1", 5000, Instant.parse("2026-12-07T13:00:00Z"), 9);
        assertThat(night).get().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.detail()).contains("5000 rows", "x1", "21:00", "Asia/Shanghai");
            assertThat(f.evidence()).containsExactly(9L);
        });
        // Saturday at 10:00 in Shanghai.
        assertThat(RiskRules.bulkOffHours(T, "d@440100", "x2", 6000, Instant.parse("2026-12-12T02:00:00Z"), 9)).isPresent();
    }

    @Test
    void repeatedDenialsFireAtTheCount() {
        assertThat(RiskRules.repeatedDenials(T, "d@440100", 4, List.of(1L, 2L, 3L, 4L))).isEmpty();
        assertThat(RiskRules.repeatedDenials(T, "d@440100", 5, List.of(1L, 2L, 3L, 4L, 5L))).get()
                .satisfies(f -> assertThat(f.evidence()).hasSize(5));
    }

    @Test
    void onlyImportantAndCoreAccessIsAlerted() {
        assertThat(RiskRules.importantAccess(T, "x", "r", DataLevel.L4, "d@440100", 1)).isEmpty();
        assertThat(RiskRules.importantAccess(T, "x", "r", DataLevel.IMPORTANT, "d@440100", 1)).get()
                .extracting(Finding::severity).isEqualTo(Severity.HIGH);
        assertThat(RiskRules.importantAccess(T, "x", "r", DataLevel.CORE, "d@440100", 1)).get()
                .satisfies(f -> assertThat(f.detail()).contains("graded core"));
    }

    @Test
    void aCertificateWarnsAtThirtyDaysAndTurnsHighInItsLastWeek() {
        assertThat(RiskRules.certificateExpiring(T, "440100", NOW.plus(Duration.ofDays(31)), NOW)).isEmpty();
        assertThat(RiskRules.certificateExpiring(T, "440100", NOW.plus(Duration.ofDays(30)), NOW)).get()
                .extracting(Finding::severity).isEqualTo(Severity.MEDIUM);
        assertThat(RiskRules.certificateExpiring(T, "440100", NOW.plus(Duration.ofDays(7)), NOW)).get()
                .extracting(Finding::severity).isEqualTo(Severity.HIGH);
        assertThat(RiskRules.certificateExpiring(T, "440100", NOW.minus(Duration.ofDays(1)), NOW)).get()
                .satisfies(f -> assertThat(f.detail()).contains("expired at"));
    }

    @Test
    void anchoringLagsOnlyWithEntriesWaitingLongerThanTheLimit() {
        Instant since = NOW.minus(Duration.ofMinutes(61));
        assertThat(RiskRules.anchoringLag(T, "440100", Optional.of(since), 0, NOW, List.of())).isEmpty();
        assertThat(RiskRules.anchoringLag(T, "440100", Optional.of(NOW.minus(Duration.ofMinutes(60))), 12, NOW, List.of()))
                .isEmpty();
        assertThat(RiskRules.anchoringLag(T, "440100", Optional.of(since), 12, NOW, List.of(3L))).get().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("ledger.anchoring-lag");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.detail()).contains("12 ledger entries", "61 min");
        });
    }

    @Test
    void refusalsNameThePeerAndTheirEntry() {
        Finding f = RiskRules.refusal(RiskRules.FRAME_REFUSED, T, "440100", "bad signature", 42);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.subject()).isEqualTo("440100");
        assertThat(f.evidence()).containsExactly(42L);
    }
}
