package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescriptorRulesTest {

    private static final Clock CLOCK = Clock.fixed(
            DescriptorBuilder.TODAY.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private static List<String> fields(DescriptorBuilder builder) {
        return DescriptorRules.check(builder.build(), CLOCK).stream().map(Violation::field).toList();
    }

    private static DataItem item(String name, DataLevel level) {
        return new DataItem(name, FieldType.STRING, "说明", null, level);
    }

    @Test
    void a_complete_consistent_descriptor_has_no_violations() {
        assertThat(DescriptorRules.check(new DescriptorBuilder().build(), CLOCK)).isEmpty();
    }

    @Test
    void the_system_clock_overload_accepts_a_descriptor_published_today() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.publishDate = LocalDate.now();
        assertThat(DescriptorRules.check(d.build())).isEmpty();
    }

    static Stream<Arguments> singleRuleBreaches() {
        return Stream.of(
                breach("id missing", d -> d.id = null, "id"),
                breach("id blank", d -> d.id = "  ", "id"),
                breach("id class 4", d -> d.id = "4.01.001-000017", "id"),
                breach("id item one digit", d -> d.id = "3.1.001-000017", "id"),
                breach("id serial five digits", d -> d.id = "3.01.001-00017", "id"),
                breach("id with trailing newline", d -> d.id = "3.01.001-000017\n", "id"),
                breach("id with full-width digits", d -> d.id = "3.01.001-００００１７", "id"),
                breach("title missing", d -> d.title = null, "title"),
                breach("title blank", d -> d.title = "\t", "title"),
                breach("title 201 characters", d -> d.title = "数".repeat(201), "title"),
                breach("abstract missing", d -> d.summary = "", "abstract"),
                breach("abstract 4001 characters", d -> d.summary = "x".repeat(4001), "abstract"),
                breach("category missing", d -> d.category = null, "category"),
                breach("category 33 characters", d -> d.category = "类".repeat(33), "category"),
                breach("format missing", d -> d.format = null, "format"),
                breach("level missing", d -> d.level = null, "level"),
                breach("sharing type missing", d -> d.sharingType = null, "sharingType"),
                breach("open type missing", d -> d.openType = null, "openType"),
                breach("update cycle missing", d -> d.updateCycle = null, "updateCycle"),
                breach("publish date missing", d -> d.publishDate = null, "publishDate"),
                breach("scope missing", d -> d.scope = null, "scope"),
                breach("source missing", d -> d.source = null, "source"),
                breach("no data items", d -> d.dataItems.clear(), "dataItems"),
                breach("data items null", d -> d.dataItems = null, "dataItems"),
                breach("a null data item", d -> d.item(1, null), "dataItems[1]"),
                breach("item name blank", d -> d.item(3, item(" ", DataLevel.L1)), "dataItems[3].name"),
                breach("item name 65 characters", d -> d.item(3, item("a".repeat(65), DataLevel.L1)),
                        "dataItems[3].name"),
                breach("item name starts with a digit", d -> d.item(3, item("1st", DataLevel.L1)), "dataItems[3].name"),
                breach("item name with a space", d -> d.item(3, item("企业 名称", DataLevel.L1)), "dataItems[3].name"),
                breach("item name with a hyphen", d -> d.item(3, item("legal-rep", DataLevel.L1)), "dataItems[3].name"),
                breach("item name duplicated", d -> d.item(3, item("企业名称", DataLevel.L1)), "dataItems[3].name"),
                breach("item name duplicated in another case", d -> d.item(3, item("LEGAL_REP_ID", DataLevel.L1)),
                        "dataItems[3].name"),
                breach("item type missing", d -> d.item(0, new DataItem("code", null, "", null, DataLevel.L1)),
                        "dataItems[0].type"),
                breach("item level missing", d -> d.item(0, new DataItem("code", FieldType.STRING, "", null, null)),
                        "dataItems[0].level"),
                breach("resource level below its most sensitive item", d -> d.level = DataLevel.L2, "level"),
                breach("conditional without condition", d -> d.sharingCondition = null, "sharingCondition"),
                breach("conditional with blank condition", d -> d.sharingCondition = " ", "sharingCondition"),
                breach("unconditional with a condition", d -> d.sharingType = SharingType.UNCONDITIONAL,
                        "sharingCondition"),
                breach("not shareable with a condition", d -> {
                    d.sharingType = SharingType.NOT_SHAREABLE;
                    d.scope = Scope.NODE;
                }, "sharingCondition"),
                breach("not shareable beyond its node", d -> {
                    d.sharingType = SharingType.NOT_SHAREABLE;
                    d.sharingCondition = null;
                }, "scope"),
                breach("core data beyond its node", d -> d.level = DataLevel.CORE, "scope"),
                breach("L4 data shared unconditionally", d -> {
                    d.level = DataLevel.L4;
                    d.sharingType = SharingType.UNCONDITIONAL;
                    d.sharingCondition = null;
                }, "sharingType"),
                breach("important data shared unconditionally", d -> {
                    d.level = DataLevel.IMPORTANT;
                    d.sharingType = SharingType.UNCONDITIONAL;
                    d.sharingCondition = null;
                }, "sharingType"),
                breach("not shareable but open", d -> {
                    d.sharingType = SharingType.NOT_SHAREABLE;
                    d.sharingCondition = null;
                    d.scope = Scope.NODE;
                    d.openType = OpenType.OPEN;
                }, "openType"),
                breach("not shareable but conditionally open", d -> {
                    d.sharingType = SharingType.NOT_SHAREABLE;
                    d.sharingCondition = null;
                    d.scope = Scope.NODE;
                    d.openType = OpenType.CONDITIONAL;
                }, "openType"),
                breach("published two days ahead", d -> d.publishDate = DescriptorBuilder.TODAY.plusDays(2),
                        "publishDate"));
    }

    private static Arguments breach(String name, Consumer<DescriptorBuilder> change, String field) {
        return arguments(name, change, field);
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("singleRuleBreaches")
    void each_rule_names_exactly_its_field(String name, Consumer<DescriptorBuilder> change, String field) {
        DescriptorBuilder d = new DescriptorBuilder();
        change.accept(d);
        List<Violation> violations = DescriptorRules.check(d.build(), CLOCK);
        assertThat(violations).extracting(Violation::field).containsExactly(field);
        assertThat(violations.get(0).message()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.01.001-000001", "2.99.999.999-999999", "3.01.001.002-000017"})
    void resource_codes_with_and_without_detail_are_accepted(String id) {
        DescriptorBuilder d = new DescriptorBuilder();
        d.id = id;
        assertThat(fields(d)).isEmpty();
    }

    @Test
    void limits_are_inclusive_and_count_characters_not_bytes() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.title = "数".repeat(200);
        d.summary = "𠀀".repeat(4000); // outside the BMP: two UTF-16 units, one character
        d.category = "类".repeat(32);
        d.item(3, item("字".repeat(64), DataLevel.L1));
        assertThat(fields(d)).isEmpty();
    }

    @Test
    void chinese_and_underscore_item_names_are_accepted() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.item(3, item("_内部编号2", DataLevel.L1));
        assertThat(fields(d)).isEmpty();
    }

    @Test
    void a_resource_may_be_more_sensitive_than_all_its_items() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.level = DataLevel.IMPORTANT;
        assertThat(fields(d)).isEmpty();
    }

    @Test
    void level_violation_names_the_most_sensitive_item_level() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.level = DataLevel.L1;
        d.item(0, item("code", DataLevel.IMPORTANT));
        assertThat(DescriptorRules.check(d.build(), CLOCK))
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple("level",
                        "resource level L1 is below its most sensitive data item (important); "
                                + "a resource is as sensitive as its most sensitive field"));
    }

    @Test
    void a_publish_date_one_day_ahead_is_tolerated_for_time_zones() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.publishDate = DescriptorBuilder.TODAY.plusDays(1);
        assertThat(fields(d)).isEmpty();
        Clock shanghaiJustAfterMidnight = Clock.fixed(
                DescriptorBuilder.TODAY.plusDays(1).atStartOfDay(ZoneId.of("Asia/Shanghai")).plusMinutes(5).toInstant(),
                ZoneId.of("Asia/Shanghai"));
        d.publishDate = DescriptorBuilder.TODAY.plusDays(2);
        assertThat(DescriptorRules.check(d.build(), shanghaiJustAfterMidnight)).isEmpty();
    }

    @Test
    void core_not_shareable_data_outside_its_node_reports_both_causes_on_scope() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.level = DataLevel.CORE;
        d.sharingType = SharingType.NOT_SHAREABLE;
        d.sharingCondition = null;
        assertThat(DescriptorRules.check(d.build(), CLOCK))
                .extracting(Violation::field).containsExactly("scope", "scope");
    }

    @Test
    void core_data_kept_at_its_node_and_not_shared_passes() {
        DescriptorBuilder d = new DescriptorBuilder();
        d.level = DataLevel.CORE;
        d.sharingType = SharingType.NOT_SHAREABLE;
        d.sharingCondition = null;
        d.scope = Scope.NODE;
        assertThat(fields(d)).isEmpty();
    }

    @Test
    void a_missing_field_is_reported_once_and_every_problem_at_once() {
        ResourceDescriptor empty = new ResourceDescriptor(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThat(DescriptorRules.check(empty, CLOCK)).extracting(Violation::field).containsExactly(
                "id", "title", "abstract", "category", "format", "level", "sharingType", "openType",
                "updateCycle", "publishDate", "scope", "source", "dataItems");
    }

    @Test
    void the_descriptor_keeps_its_own_copy_of_the_items() {
        DescriptorBuilder d = new DescriptorBuilder();
        ResourceDescriptor built = d.build();
        d.dataItems.clear();
        assertThat(built.dataItems()).hasSize(4);
    }

    @Test
    void a_data_service_declares_its_parameters_answers_in_api_format_and_only_a_service_has_parameters() {
        assertThat(DescriptorRules.check(new DescriptorBuilder().service().build(), CLOCK)).isEmpty();

        DescriptorBuilder noParams = new DescriptorBuilder().service();
        noParams.service = new ServiceInterface(List.of());
        assertThat(DescriptorRules.check(noParams.build(), CLOCK)).extracting(Violation::field).containsExactly("service.parameters");

        DescriptorBuilder csv = new DescriptorBuilder().service();
        csv.format = DataFormat.CSV;
        assertThat(DescriptorRules.check(csv.build(), CLOCK)).extracting(Violation::field).containsExactly("format");

        DescriptorBuilder dataset = new DescriptorBuilder();
        dataset.service = new DescriptorBuilder().service().service;
        assertThat(DescriptorRules.check(dataset.build(), CLOCK)).extracting(Violation::field).containsExactly("service");
    }

    @Test
    void service_parameters_are_named_once_each_and_their_patterns_compile() {
        DescriptorBuilder d = new DescriptorBuilder().service();
        d.service = new ServiceInterface(Arrays.asList(new ServiceParameter("id_no", null, true, "^[0-9"),
                new ServiceParameter("ID_NO", null, false, null), null, new ServiceParameter("1x", null, false, null)));
        assertThat(DescriptorRules.check(d.build(), CLOCK)).extracting(Violation::field).containsExactlyInAnyOrder(
                "service.parameters[0].pattern", "service.parameters[1].name", "service.parameters[2]",
                "service.parameters[3].name");
    }
}
