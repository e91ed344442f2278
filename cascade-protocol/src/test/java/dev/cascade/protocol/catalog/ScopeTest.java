package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.region.RegionCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {

    private static final RegionCode NATIONAL = RegionCode.NATIONAL;
    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode SHENZHEN = RegionCode.parse("440300");
    private static final RegionCode JIANGSU = RegionCode.parse("320000");
    private static final RegionCode NANJING = RegionCode.parse("320100");
    private static final List<RegionCode> TREE = List.of(NATIONAL, GUANGDONG, GUANGZHOU, SHENZHEN, JIANGSU, NANJING);

    private static Set<RegionCode> visibleAt(Scope scope, RegionCode origin) {
        Set<RegionCode> at = new LinkedHashSet<>();
        for (RegionCode node : TREE) {
            if (scope.visibleAt(origin, node)) {
                at.add(node);
            }
        }
        return at;
    }

    @Test
    void a_province_scope_resource_of_a_city_is_visible_across_its_province_only() {
        assertThat(visibleAt(Scope.PROVINCE, GUANGZHOU)).containsExactlyInAnyOrder(GUANGZHOU, GUANGDONG, SHENZHEN);
        assertThat(Scope.PROVINCE.visibleAt(GUANGZHOU, JIANGSU)).isFalse();
        assertThat(Scope.PROVINCE.visibleAt(GUANGZHOU, NANJING)).isFalse();
        assertThat(Scope.PROVINCE.visibleAt(GUANGZHOU, NATIONAL)).isFalse();
    }

    @Test
    void a_province_scope_resource_of_a_province_reaches_its_cities() {
        assertThat(visibleAt(Scope.PROVINCE, GUANGDONG)).containsExactlyInAnyOrder(GUANGDONG, GUANGZHOU, SHENZHEN);
    }

    @Test
    void a_province_scope_resource_of_the_national_node_stays_there() {
        assertThat(visibleAt(Scope.PROVINCE, NATIONAL)).containsExactly(NATIONAL);
    }

    @Test
    void national_scope_is_visible_everywhere() {
        for (RegionCode origin : TREE) {
            assertThat(visibleAt(Scope.NATIONAL, origin)).containsExactlyElementsOf(TREE);
        }
    }

    @Test
    void node_scope_is_visible_only_at_its_origin() {
        for (RegionCode origin : TREE) {
            assertThat(visibleAt(Scope.NODE, origin)).containsExactly(origin);
        }
    }

    // Every directed edge of 100000 → {440000 → {440100, 440300}, 320000 → {320100}} and whether
    // the change crosses it.
    @ParameterizedTest(name = "{0} {1} from {2}: {3}")
    @CsvSource({
            // origin 440100, province scope: up to 440000, then down to 440300 only
            "440100, province, 440100 -> 440000, true",
            "440100, province, 440000 -> 100000, false",
            "440100, province, 440000 -> 440100, false",
            "440100, province, 440000 -> 440300, true",
            "440100, province, 100000 -> 440000, false",
            "440100, province, 100000 -> 320000, false",
            "440100, province, 320000 -> 320100, false",
            "440100, province, 440300 -> 440000, false",
            "440100, province, 320100 -> 320000, false",
            "440100, province, 320000 -> 100000, false",
            // origin 440100, national scope: up to the root, down every other branch
            "440100, national, 440100 -> 440000, true",
            "440100, national, 440000 -> 100000, true",
            "440100, national, 440000 -> 440100, false",
            "440100, national, 440000 -> 440300, true",
            "440100, national, 100000 -> 440000, false",
            "440100, national, 100000 -> 320000, true",
            "440100, national, 320000 -> 320100, true",
            "440100, national, 440300 -> 440000, false",
            "440100, national, 320100 -> 320000, false",
            "440100, national, 320000 -> 100000, false",
            // origin 100000, national scope: down everywhere, never back up
            "100000, national, 100000 -> 440000, true",
            "100000, national, 100000 -> 320000, true",
            "100000, national, 440000 -> 440100, true",
            "100000, national, 440000 -> 440300, true",
            "100000, national, 320000 -> 320100, true",
            "100000, national, 440000 -> 100000, false",
            "100000, national, 320000 -> 100000, false",
            "100000, national, 440100 -> 440000, false",
            "100000, national, 440300 -> 440000, false",
            "100000, national, 320100 -> 320000, false",
    })
    void a_change_crosses_an_edge_only_in_the_right_direction_and_scope(String origin, String scope, String edge,
                                                                        boolean crosses) {
        String[] ends = edge.split(" -> ");
        RegionCode from = RegionCode.parse(ends[0]);
        RegionCode to = RegionCode.parse(ends[1]);
        RegionCode o = RegionCode.parse(origin);
        Scope s = Scope.fromWire(scope);
        boolean sent = to.isParentOf(from)
                ? Visibility.sendUp(from, o, s, to)
                : Visibility.sendDown(from, o, s, to);
        assertThat(sent).isEqualTo(crosses);
    }

    /** Flooding from the origin by the two rules reaches exactly the nodes that may see the change, each once. */
    @ParameterizedTest(name = "{1} scope from {0}")
    @CsvSource({"440100, province", "440100, national", "440100, node", "100000, national", "100000, province",
            "440000, province", "320100, national"})
    void flooding_delivers_exactly_once_to_exactly_the_visible_nodes(String originCode, String scopeName) {
        RegionCode origin = RegionCode.parse(originCode);
        Scope scope = Scope.fromWire(scopeName);
        Map<RegionCode, Integer> received = new LinkedHashMap<>();
        List<RegionCode> pending = new ArrayList<>(List.of(origin));
        received.put(origin, 1);
        while (!pending.isEmpty()) {
            RegionCode self = pending.remove(0);
            for (RegionCode neighbour : TREE) {
                boolean sent = neighbour.isParentOf(self) ? Visibility.sendUp(self, origin, scope, neighbour)
                        : self.isParentOf(neighbour) && Visibility.sendDown(self, origin, scope, neighbour);
                if (sent) {
                    received.merge(neighbour, 1, Integer::sum);
                    pending.add(neighbour);
                }
            }
        }
        assertThat(received.values()).containsOnly(1);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(visibleAt(scope, origin));
    }

    @Test
    void neighbours_that_are_not_an_edge_are_a_caller_error() {
        assertThatThrownBy(() -> Visibility.sendUp(GUANGZHOU, GUANGZHOU, Scope.NATIONAL, NATIONAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("100000 is not the parent of 440100");
        assertThatThrownBy(() -> Visibility.sendDown(GUANGDONG, NATIONAL, Scope.NATIONAL, NANJING))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("440000 is not the parent of 320100");
    }
}
