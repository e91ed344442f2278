package dev.cascade.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.policy.condition.Condition;
import dev.cascade.policy.condition.ConditionCompiler;
import dev.cascade.policy.condition.ConditionVariables;
import dev.cascade.policy.condition.Facts;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The maps the engine builds carry exactly the fields declared to CEL, each with the Java type CEL
 * expects for it: a missing key would be a CEL error at decision time, and the native fast path
 * assumes there are none.
 */
class FactMapsTest {

    static final Map<String, Class<?>> JAVA_TYPE = Map.of("string", String.class, "int", Long.class,
            "bool", Boolean.class, "google.protobuf.Timestamp", Instant.class, "list", List.class);

    static void assertMatchesDeclaration(String variable, Map<String, Object> facts) {
        Map<String, String> declared = ConditionVariables.fieldsOf(variable);
        assertThat(facts.keySet()).as(variable).containsExactlyInAnyOrderElementsOf(declared.keySet());
        declared.forEach((field, type) -> {
            Class<?> expected = JAVA_TYPE.get(type);
            assertThat(expected).as("a Java type for CEL type " + type).isNotNull();
            assertThat(facts.get(field)).as(variable + "." + field).isInstanceOf(expected);
        });
    }

    @Test
    void everyVariableCarriesExactlyItsDeclaredFields() {
        Instant now = Instant.parse("2026-03-02T02:00:00Z");
        TimeWindow window = new TimeWindow(now, now.plusSeconds(86_401));
        Map<String, Object> field = FactMaps.field("phone", DataLevel.L3, "mobile", true);
        PolicyResource resource = new PolicyResource("r", "c", DataLevel.L3, SharingType.CONDITIONAL, Scope.NATIONAL,
                RegionCode.parse("440100"), List.of());
        Map<String, Object> request = FactMaps.request(new AccessRequest("p", List.of(), "", 0, window),
                List.of("phone"), 10, window);

        assertMatchesDeclaration(ConditionVariables.REQUEST, request);
        assertMatchesDeclaration(ConditionVariables.RESOURCE,
                FactMaps.resource(resource, DataLevel.L3, true, List.of(field)));
        assertMatchesDeclaration(ConditionVariables.FIELD, field);
        assertMatchesDeclaration(ConditionVariables.REQUESTER, FactMaps.requester(
                new Requester("d", RegionCode.parse("440100"), List.of(), DataLevel.L2)));
        assertMatchesDeclaration(ConditionVariables.ROUTE, FactMaps.route(
                Route.between(RegionCode.parse("440100"), RegionCode.parse("320100"))));
        assertMatchesDeclaration(ConditionVariables.CLOCK, FactMaps.clock(now));
        assertThat(request.get("window_days")).isEqualTo(2L);
    }

    @Test
    void theClockIsChinaStandardTimeAsCelComputesIt() {
        Condition sameAsCel = ConditionCompiler.standard().compile("clock.hour == now.getHours('Asia/Shanghai')"
                + " && clock.weekday % 7 == now.getDayOfWeek('Asia/Shanghai')", false);
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            // China last observed daylight saving in 1991; the clock is UTC+8 from then on.
            Instant now = Instant.parse("1992-01-01T00:00:00Z").plusSeconds(random.nextInt(1_500_000_000));
            Facts facts = new Facts(Map.of(), Map.of(), Map.of(), Map.of(), FactMaps.clock(now), now);
            assertThat(sameAsCel.test(facts, false)).as(now.toString()).isTrue();
        }
        Instant mondayNightInBeijing = Instant.parse("2026-03-02T22:30:00+08:00");
        assertThat(FactMaps.clock(mondayNightInBeijing)).containsEntry("hour", 22L).containsEntry("weekday", 1L);
    }
}
