package dev.cascade.policy.inherit;

import static dev.cascade.policy.inherit.InheritanceTest.BASELINE;
import static dev.cascade.policy.inherit.InheritanceTest.GUANGDONG;
import static dev.cascade.policy.inherit.InheritanceTest.child;
import static dev.cascade.policy.inherit.InheritanceTest.refusalsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.policy.inherit.PackRefusal.Kind;
import dev.cascade.policy.pack.AlertThresholds;
import dev.cascade.policy.pack.PackFormatException;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.supervision.Severity;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertThresholdsTest {

    @Test
    void theBaselineStatesTheBuiltInThresholds() {
        AlertThresholds a = EffectivePack.root(BASELINE).alerts();
        assertThat(a.spikeFactor()).isEqualTo(10.0);
        assertThat(a.spikeWindowDays()).isEqualTo(7);
        assertThat(a.spikeMinRows()).isEqualTo(1000L);
        assertThat(a.denialCount()).isEqualTo(5);
        assertThat(a.denialWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(a.workFrom()).isEqualTo(LocalTime.of(8, 0));
        assertThat(a.workTo()).isEqualTo(LocalTime.of(20, 0));
        assertThat(a.workDays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(a.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(a.bulkRows()).isEqualTo(5000L);
        assertThat(a.certificateWarnDays()).isEqualTo(30);
        assertThat(a.anchoringMaxLag()).isEqualTo(Duration.ofHours(1));
        assertThat(a.severityOf("frame.refused")).isEqualTo(Severity.HIGH);
        assertThat(a.severityOf("bulk.off-hours")).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aRootWithoutAnAlertsSectionGetsTheBuiltInValues() {
        String text = "format: cascade.policy-pack/v1\nid: bare\nversion: 1\nissuer: \"100000\"\n"
                + "levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: important}, {id: core}]\n"
                + "defaults: {effect: permit, row-limit: 10, max-validity: P1D, masking-profile: s}\n"
                + "masking-profiles: {s: {}}\n";
        PolicyPack bare = PolicyPack.parse(text.getBytes(StandardCharsets.UTF_8), "bare.yaml");
        assertThat(bare.alerts()).isEqualTo(AlertThresholds.NONE);
        assertThat(EffectivePack.root(bare).alerts()).isEqualTo(AlertThresholds.BUILT_IN);
    }

    @Test
    void guangdongTightensWhatItStatesAndInheritsTheRest() {
        AlertThresholds a = EffectivePack.compose(List.of(BASELINE, GUANGDONG)).alerts();
        assertThat(a.spikeFactor()).isEqualTo(5.0);
        assertThat(a.workFrom()).isEqualTo(LocalTime.of(8, 30));
        assertThat(a.workTo()).isEqualTo(LocalTime.of(18, 0));
        assertThat(a.bulkRows()).isEqualTo(2000L);
        assertThat(a.certificateWarnDays()).isEqualTo(45);
        assertThat(a.severityOf("bulk.off-hours")).isEqualTo(Severity.HIGH);
        assertThat(a.denialCount()).isEqualTo(5);
        assertThat(a.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void everyLooseningIsRefusedWithTheAncestorsValue() {
        List<PackRefusal> refusals = refusalsOf(BASELINE, child("""
                alerts:
                  volume-spike: {factor: 12.5, min-rows: 5000}
                  repeated-denials: {count: 10, window: PT30M}
                  working-hours: {from: "07:00", to: "22:00", days: [mon, sat], zone: Europe/Berlin, bulk-rows: 9000}
                  certificate-expiry: {warn-days: 14}
                  anchoring: {max-lag: PT6H}
                  severities: {frame.refused: medium}
                """));
        assertThat(refusals).allSatisfy(r -> assertThat(r.kind()).isEqualTo(Kind.ALERTING_LOOSENED));
        assertThat(refusals).extracting(PackRefusal::item).containsExactlyInAnyOrder(
                "alerts.volume-spike.factor", "alerts.volume-spike.min-rows", "alerts.repeated-denials.count",
                "alerts.repeated-denials.window", "alerts.working-hours.from", "alerts.working-hours.to",
                "alerts.working-hours.days", "alerts.working-hours.zone", "alerts.working-hours.bulk-rows",
                "alerts.certificate-expiry.warn-days", "alerts.anchoring.max-lag", "alerts.severities.frame.refused");
        assertThat(refusals).filteredOn(r -> r.item().equals("alerts.volume-spike.factor")).singleElement()
                .extracting(PackRefusal::why).asString().isEqualTo("factor 12.5 is above the ancestor's 10.0");
        assertThat(refusals).filteredOn(r -> r.item().equals("alerts.working-hours.days")).singleElement()
                .extracting(PackRefusal::why).asString().contains("SATURDAY");
    }

    @Test
    void aGrandchildIsHeldToItsParentsTightening() {
        PolicyPack city = child("440100", "guangdong-example", "alerts:\n  volume-spike: {factor: 8}\n");
        List<PackRefusal> refusals = refusalsOf(BASELINE, GUANGDONG, city);
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.item()).isEqualTo("alerts.volume-spike.factor");
            assertThat(r.why()).isEqualTo("factor 8.0 is above the ancestor's 5.0");
        });
    }

    @Test
    void equalValuesAndTheMediansWindowAreNoLoosening() {
        EffectivePack e = EffectivePack.compose(List.of(BASELINE, child("""
                alerts:
                  volume-spike: {factor: 10, window-days: 28}
                  working-hours: {days: [mon, tue, wed]}
                  severities: {denials.repeated: critical}
                """)));
        assertThat(e.alerts().spikeWindowDays()).isEqualTo(28);
        assertThat(e.alerts().workDays()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY);
        assertThat(e.alerts().severityOf("denials.repeated")).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void malformedThresholdsAreFormatProblemsWithTheirPath() {
        assertThatThrownBy(() -> child("""
                alerts:
                  volume-spike: {factor: 0.5, speed: 3}
                  working-hours: {from: "20:00", to: "08:00", days: [monday], zone: Mars/Base}
                  anchoring: {max-lag: 1h}
                  severities: {volume.spike: urgent, no.such-rule: high}
                """)).isInstanceOf(PackFormatException.class).hasMessageContainingAll(
                "factor must be a number of at least 1", "unknown key 'speed'", "must be after they start",
                "unknown day 'monday'", "zone 'Mars/Base'", "max-lag '1h' is not an ISO-8601 duration",
                "severity 'urgent'", "no built-in alert rule 'no.such-rule'");
    }

    @Test
    void workingHoursAreReadInTheirZone() {
        AlertThresholds a = AlertThresholds.BUILT_IN;
        // Monday 2026-12-07 00:30 UTC is 08:30 in Shanghai: working hours; 12:30 UTC is 20:30 there: not.
        assertThat(a.withinWorkingHours(Instant.parse("2026-12-07T00:30:00Z"))).isTrue();
        assertThat(a.withinWorkingHours(Instant.parse("2026-12-07T12:30:00Z"))).isFalse();
        // Saturday 10:00 in Shanghai.
        assertThat(a.withinWorkingHours(Instant.parse("2026-12-12T02:00:00Z"))).isFalse();
    }
}
