package dev.cascade.protocol.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegionCodeTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode SHENZHEN = RegionCode.parse("440300");
    private static final RegionCode JIANGSU = RegionCode.parse("320000");
    private static final RegionCode NANJING = RegionCode.parse("320100");

    @Test
    void national_is_100000_and_has_no_parent() {
        assertThat(RegionCode.NATIONAL.code()).isEqualTo("100000");
        assertThat(RegionCode.NATIONAL.tier()).isEqualTo(Tier.NATIONAL);
        assertThat(RegionCode.NATIONAL.parent()).isEmpty();
    }

    @Test
    void tier_follows_the_trailing_zeros() {
        assertThat(GUANGDONG.tier()).isEqualTo(Tier.PROVINCIAL);
        assertThat(GUANGZHOU.tier()).isEqualTo(Tier.MUNICIPAL);
        assertThat(RegionCode.parse("110000").tier()).isEqualTo(Tier.PROVINCIAL);
        assertThat(RegionCode.parse("820000").tier()).isEqualTo(Tier.PROVINCIAL);
    }

    @Test
    void child_tiers_step_down_and_stop_at_municipal() {
        assertThat(Tier.NATIONAL.childTier()).contains(Tier.PROVINCIAL);
        assertThat(Tier.PROVINCIAL.childTier()).contains(Tier.MUNICIPAL);
        assertThat(Tier.MUNICIPAL.childTier()).isEmpty();
    }

    @Test
    void parent_of_a_city_is_its_province_and_of_a_province_the_nation() {
        assertThat(GUANGZHOU.parent()).contains(GUANGDONG);
        assertThat(GUANGDONG.parent()).contains(RegionCode.NATIONAL);
    }

    @Test
    void parent_and_ancestor_relations_are_strict() {
        assertThat(GUANGDONG.isParentOf(GUANGZHOU)).isTrue();
        assertThat(RegionCode.NATIONAL.isParentOf(GUANGZHOU)).isFalse();
        assertThat(RegionCode.NATIONAL.isAncestorOf(GUANGZHOU)).isTrue();
        assertThat(GUANGDONG.isAncestorOf(GUANGDONG)).isFalse();
        assertThat(JIANGSU.isAncestorOf(GUANGZHOU)).isFalse();
        assertThat(GUANGZHOU.isParentOf(GUANGZHOU)).isFalse();
    }

    @Test
    void covers_means_self_or_descendant() {
        assertThat(GUANGDONG.covers(GUANGDONG)).isTrue();
        assertThat(GUANGDONG.covers(GUANGZHOU)).isTrue();
        assertThat(RegionCode.NATIONAL.covers(NANJING)).isTrue();
        assertThat(GUANGDONG.covers(NANJING)).isFalse();
        assertThat(GUANGZHOU.covers(GUANGDONG)).isFalse();
        assertThat(GUANGZHOU.covers(SHENZHEN)).isFalse();
    }

    @Test
    void dns_names_nest_a_city_under_its_province() {
        assertThat(RegionCode.NATIONAL.dnsName()).isEqualTo("100000.region.cascade");
        assertThat(GUANGDONG.dnsName()).isEqualTo("440000.region.cascade");
        assertThat(GUANGZHOU.dnsName()).isEqualTo("440100.440000.region.cascade");
    }

    @Test
    void dns_name_round_trips() {
        for (RegionCode region : new RegionCode[] {RegionCode.NATIONAL, GUANGDONG, GUANGZHOU, NANJING}) {
            assertThat(RegionCode.fromDnsName(region.dnsName())).contains(region);
        }
        assertThat(RegionCode.fromDnsName("440100.440000.REGION.CASCADE")).contains(GUANGZHOU);
    }

    @ParameterizedTest
    @ValueSource(strings = {"440100.region.cascade", "440100.450000.region.cascade", "440000.100000.region.cascade",
            "440000.region.cascade.evil.com", "localhost", "", "440103.440000.region.cascade", "440000"})
    void names_that_are_not_exactly_a_region_name_are_not_regions(String name) {
        assertThat(RegionCode.fromDnsName(name)).isEmpty();
    }

    @Test
    void to_string_is_the_code() {
        assertThat(GUANGZHOU).hasToString("440100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"44010", "4401000", "44a100", " 440100", "４４０１００"})
    void parse_refuses_anything_but_six_ascii_digits(String code) {
        assertThatThrownBy(() -> RegionCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not 6 digits");
    }

    @Test
    void parse_refuses_a_missing_code() {
        assertThatThrownBy(() -> RegionCode.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region code is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"990000", "160000", "240000", "380000", "470000", "550000", "660000", "720000", "830000",
            "000000"})
    void parse_refuses_unknown_province_prefixes(String code) {
        assertThatThrownBy(() -> RegionCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region code " + code + " has unknown province prefix " + code.substring(0, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100100", "101000", "100001"})
    void prefix_10_is_only_the_national_code(String code) {
        assertThatThrownBy(() -> RegionCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix 10 is reserved for the national node 100000");
    }

    @Test
    void parse_refuses_county_level_codes() {
        assertThatThrownBy(() -> RegionCode.parse("440103"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("440103 is a county-level division");
    }

    @Test
    void the_constructor_validates_like_parse() {
        assertThatThrownBy(() -> new RegionCode("440103")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RegionCode("440100")).isEqualTo(GUANGZHOU);
    }

    @Test
    void every_listed_province_prefix_is_accepted() {
        for (String prefix : new String[] {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65",
                "71", "81", "82"}) {
            assertThat(RegionCode.parse(prefix + "0000").parent()).isEqualTo(Optional.of(RegionCode.NATIONAL));
        }
    }
}
