package dev.cascade.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import org.junit.jupiter.api.Test;

class RouteTest {

    static Route route(String requester, String owner) {
        return Route.between(RegionCode.parse(requester), RegionCode.parse(owner));
    }

    @Test
    void sameNode() {
        assertThat(route("440100", "440100")).isEqualTo(new Route(0, false, false, RegionCode.parse("440100")));
    }

    @Test
    void twoCitiesOfOneProvinceMeetAtTheProvince() {
        Route r = route("440300", "440100");

        assertThat(r).isEqualTo(new Route(2, true, false, RegionCode.parse("440000")));
        assertThat(r.lcaTier()).isEqualTo(Tier.PROVINCIAL);
    }

    @Test
    void aCityAndItsProvinceAreOneHopApart() {
        assertThat(route("440000", "440100")).isEqualTo(new Route(1, true, false, RegionCode.parse("440000")));
    }

    @Test
    void citiesOfTwoProvincesMeetAtTheNationalNode() {
        Route r = route("320100", "440100");

        assertThat(r).isEqualTo(new Route(4, true, true, RegionCode.NATIONAL));
        assertThat(r.lcaTier()).isEqualTo(Tier.NATIONAL);
    }

    @Test
    void theNationalNodeIsOutsideEveryProvince() {
        assertThat(route("100000", "440100")).isEqualTo(new Route(2, true, true, RegionCode.NATIONAL));
        assertThat(route("440000", "100000")).isEqualTo(new Route(1, true, true, RegionCode.NATIONAL));
    }
}
