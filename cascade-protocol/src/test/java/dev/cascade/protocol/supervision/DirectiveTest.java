package dev.cascade.protocol.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DirectiveTest {

    static final RegionCode NATIONAL = RegionCode.NATIONAL;
    static final RegionCode GUANGDONG = RegionCode.parse("440000");
    static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    static final RegionCode SHENZHEN = RegionCode.parse("440300");
    static final RegionCode JIANGSU = RegionCode.parse("320000");
    static final RegionCode NANJING = RegionCode.parse("320100");

    static Directive directive(RegionCode issuer, RegionCode target, DirectiveKind kind) {
        return new Directive("6f1c2d3e-0000-4000-8000-000000000001", issuer, target, kind, Optional.of("gz-health"),
                Optional.of("3.01.001.002-000017"), Optional.of(DataLevel.L3), "疑似数据泄露", Instant.EPOCH, Optional.empty());
    }

    static Directive.ExchangeParties exchange(RegionCode consumer, String dept, RegionCode owner, DataLevel level) {
        return new Directive.ExchangeParties(consumer, dept, owner, Optional.of("nat-stats"), "3.01.001.002-000017",
                Optional.ofNullable(level));
    }

    @Test
    void only_an_ancestor_or_the_node_itself_may_direct_a_node() {
        assertThat(directive(GUANGDONG, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT).refusal()).isEmpty();
        assertThat(directive(GUANGZHOU, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT).refusal()).isEmpty();
        assertThat(directive(GUANGZHOU, GUANGDONG, DirectiveKind.SUSPEND_DEPARTMENT).refusal())
                .hasValueSatisfying(r -> assertThat(r).contains("440100 is not an ancestor of 440000"));
        assertThat(directive(GUANGZHOU, SHENZHEN, DirectiveKind.PAUSE_DELIVERIES).refusal()).isPresent();
        assertThat(directive(JIANGSU, GUANGZHOU, DirectiveKind.FREEZE_LEVEL).refusal()).isPresent();
    }

    @Test
    void a_directive_must_name_what_it_stops() {
        Directive noDept = new Directive("id", GUANGDONG, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT, Optional.empty(),
                Optional.empty(), Optional.empty(), "r", Instant.EPOCH, Optional.empty());
        assertThat(noDept.refusal()).hasValue("suspend-department names no department");
        Directive noLevel = new Directive("id", GUANGDONG, GUANGZHOU, DirectiveKind.FREEZE_LEVEL, Optional.empty(),
                Optional.empty(), Optional.empty(), "r", Instant.EPOCH, Optional.empty());
        assertThat(noLevel.refusal()).hasValue("freeze-level names no level");
    }

    @Test
    void node_directives_hold_at_their_target_and_subtree_directives_below_it_too() {
        Directive dept = directive(GUANGDONG, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT);
        assertThat(dept.holdsAt(GUANGZHOU)).isTrue();
        assertThat(dept.holdsAt(GUANGDONG)).isFalse();
        Directive resource = directive(NATIONAL, GUANGDONG, DirectiveKind.SUSPEND_RESOURCE);
        assertThat(resource.holdsAt(GUANGDONG)).isTrue();
        assertThat(resource.holdsAt(GUANGZHOU)).isTrue();
        assertThat(resource.holdsAt(NATIONAL)).isFalse();
        assertThat(resource.holdsAt(NANJING)).isFalse();
    }

    @Test
    void a_directive_goes_down_only_to_the_children_whose_subtree_it_concerns() {
        Directive dept = directive(NATIONAL, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT);
        assertThat(dept.concernsSubtreeOf(GUANGDONG)).isTrue();
        assertThat(dept.concernsSubtreeOf(GUANGZHOU)).isTrue();
        assertThat(dept.concernsSubtreeOf(JIANGSU)).isFalse();
        assertThat(dept.concernsSubtreeOf(SHENZHEN)).isFalse();
        Directive freeze = directive(NATIONAL, NATIONAL, DirectiveKind.FREEZE_LEVEL);
        assertThat(freeze.concernsSubtreeOf(NANJING)).isTrue();
    }

    @Test
    void a_suspended_department_neither_requests_nor_provides_at_its_node() {
        Directive dept = directive(GUANGDONG, GUANGZHOU, DirectiveKind.SUSPEND_DEPARTMENT);
        assertThat(dept.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.L1))).isTrue();
        assertThat(dept.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-police", NANJING, DataLevel.L1))).isFalse();
        assertThat(dept.stops(GUANGDONG, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.L1)))
                .as("a relay is not where a department suspension holds").isFalse();
    }

    @Test
    void a_level_freeze_stops_that_level_and_above_and_what_this_node_cannot_grade() {
        Directive freeze = directive(GUANGDONG, GUANGDONG, DirectiveKind.FREEZE_LEVEL);
        assertThat(freeze.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.L2))).isFalse();
        assertThat(freeze.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.L3))).isTrue();
        assertThat(freeze.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.CORE))).isTrue();
        assertThat(freeze.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, null))).isTrue();
    }

    @Test
    void a_lift_holds_nowhere() {
        Directive lift = new Directive("lift", GUANGDONG, GUANGZHOU, DirectiveKind.PAUSE_DELIVERIES, Optional.empty(),
                Optional.empty(), Optional.empty(), "核查完毕", Instant.EPOCH, Optional.of("6f1c"));
        assertThat(lift.refusal()).isEmpty();
        assertThat(lift.holdsAt(GUANGZHOU)).isFalse();
        assertThat(lift.stops(GUANGZHOU, exchange(GUANGZHOU, "gz-health", NANJING, DataLevel.L1))).isFalse();
    }
}
