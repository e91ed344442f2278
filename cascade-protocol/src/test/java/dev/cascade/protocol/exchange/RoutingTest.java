package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private static final RegionCode NATIONAL = RegionCode.NATIONAL;
    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode SHENZHEN = RegionCode.parse("440300");
    private static final RegionCode JIANGSU = RegionCode.parse("320000");
    private static final RegionCode NANJING = RegionCode.parse("320100");

    private static List<RegionCode> route(RegionCode from, RegionCode to) {
        List<RegionCode> path = new ArrayList<>(List.of(from));
        RegionCode at = from;
        Optional<RegionCode> next;
        while ((next = Routing.nextHop(at, to)).isPresent()) {
            at = next.get();
            path.add(at);
        }
        return path;
    }

    @Test
    void city_to_city_in_another_province_goes_through_both_provinces_and_the_national_node() {
        assertThat(route(GUANGZHOU, NANJING)).containsExactly(GUANGZHOU, GUANGDONG, NATIONAL, JIANGSU, NANJING);
        assertThat(route(NANJING, GUANGZHOU)).containsExactly(NANJING, JIANGSU, NATIONAL, GUANGDONG, GUANGZHOU);
    }

    @Test
    void cities_of_one_province_meet_at_their_province() {
        assertThat(route(GUANGZHOU, SHENZHEN)).containsExactly(GUANGZHOU, GUANGDONG, SHENZHEN);
        assertThat(Routing.lowestCommonAncestor(GUANGZHOU, SHENZHEN)).isEqualTo(GUANGDONG);
    }

    @Test
    void a_frame_for_this_node_stays_here_and_parents_reach_down_directly() {
        assertThat(Routing.nextHop(NANJING, NANJING)).isEmpty();
        assertThat(route(NATIONAL, NANJING)).containsExactly(NATIONAL, JIANGSU, NANJING);
        assertThat(route(NANJING, NATIONAL)).containsExactly(NANJING, JIANGSU, NATIONAL);
        assertThat(route(GUANGDONG, GUANGZHOU)).containsExactly(GUANGDONG, GUANGZHOU);
    }

    @Test
    void a_frame_may_only_arrive_from_the_neighbour_towards_its_source() {
        // At the national node, a request of Guangzhou arrives from Guangdong and nowhere else.
        assertThat(Routing.arrivesFrom(NATIONAL, GUANGZHOU, GUANGDONG)).isTrue();
        assertThat(Routing.arrivesFrom(NATIONAL, GUANGZHOU, JIANGSU)).isFalse();
        // At Jiangsu it comes down from the national node, never up from a city.
        assertThat(Routing.arrivesFrom(JIANGSU, GUANGZHOU, NATIONAL)).isTrue();
        assertThat(Routing.arrivesFrom(JIANGSU, GUANGZHOU, NANJING)).isFalse();
        // A node's own frames never "arrive".
        assertThat(Routing.arrivesFrom(GUANGZHOU, GUANGZHOU, GUANGDONG)).isFalse();
    }

    @Test
    void nodes_on_the_route_are_exactly_those_between_the_ends() {
        for (RegionCode hop : List.of(GUANGZHOU, GUANGDONG, NATIONAL, JIANGSU, NANJING)) {
            assertThat(Routing.onRoute(hop, GUANGZHOU, NANJING)).as(hop.code()).isTrue();
        }
        assertThat(Routing.onRoute(SHENZHEN, GUANGZHOU, NANJING)).isFalse();
        assertThat(Routing.onRoute(NATIONAL, GUANGZHOU, SHENZHEN)).isFalse();
        assertThat(Routing.onRoute(GUANGDONG, GUANGZHOU, SHENZHEN)).isTrue();
    }
}
