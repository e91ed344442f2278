package dev.cascade.node.supervision.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.supervision.reports.DepartmentCounts.Overdue;
import dev.cascade.proto.supervision.v1.DepartmentCompliance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceCsvTest {

    @Test
    void oneLinePerDepartmentWithListsJoinedAndQuotedWhereNeeded() {
        DepartmentCounts a = new DepartmentCounts("440100", "gz-health", 5, 4, 2,
                List.of(new Overdue("x1", "c@440300", "r1", Instant.EPOCH), new Overdue("x2", "c@440300", "r1", Instant.EPOCH)),
                Map.of("national-baseline/not-shareable", 1L, "approver: too broad, \"all\" rows", 2L));
        DepartmentCounts b = new DepartmentCounts("440300", "sz-tax", 1, 0, 0, List.of(), Map.of());
        String csv = ComplianceCsv.of(List.of(a, b));
        assertThat(csv.split("\r\n")).containsExactly(
                "region,department,received,answered,answered_in_time,overdue,denied,overdue_exchanges,denial_reasons",
                "440100,gz-health,5,4,2,2,3,x1; x2,\"approver: too broad, \"\"all\"\" rows = 2; national-baseline/not-shareable = 1\"",
                "440300,sz-tax,1,0,0,0,0,,");
    }

    @Test
    void countsRoundTripThroughTheReportSectionAndSum() {
        DepartmentCounts a = new DepartmentCounts("440100", "gz-health", 5, 4, 2,
                List.of(new Overdue("x1", "c@440300", "r1", Instant.EPOCH)), Map.of("rule-a", 1L));
        DepartmentCompliance proto = a.toProto();
        assertThat(proto.getOverdueList()).containsExactly("x1");
        DepartmentCounts back = DepartmentCounts.fromProto("440100", proto);
        DepartmentCounts sum = back.plus(new DepartmentCounts("440100", "gz-health", 1, 1, 1,
                List.of(new Overdue("x9", null, null, null)), Map.of("rule-a", 2L, "rule-b", 1L)));
        assertThat(sum.received()).isEqualTo(6);
        assertThat(sum.answered()).isEqualTo(5);
        assertThat(sum.answeredInTime()).isEqualTo(3);
        assertThat(sum.overdue()).extracting(Overdue::exchangeId).containsExactly("x1", "x9");
        assertThat(sum.denials()).containsExactly(Map.entry("rule-a", 3L), Map.entry("rule-b", 1L));
    }

    @Test
    void denialsAreCountedByRuleOrByTheApproversReason() {
        assertThat(ComplianceCounter.denialReason("national-baseline/not-shareable", "national-baseline/not-shareable: 不共享"))
                .isEqualTo("national-baseline/not-shareable");
        assertThat(ComplianceCounter.denialReason("", "denied by approver alice: purpose too broad"))
                .isEqualTo("approver: purpose too broad");
        assertThat(ComplianceCounter.denialReason(null, "")).isEqualTo("approver: (no reason given)");
    }
}
