package dev.cascade.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.policy.condition.ConditionVariables;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        assertThat(request.get("window_days")).isEqualTo(2L);
    }
}
