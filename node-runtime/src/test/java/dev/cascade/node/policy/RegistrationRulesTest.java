package dev.cascade.node.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.pack.ShippedPacks;
import dev.cascade.protocol.catalog.DataFormat;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.FieldType;
import dev.cascade.protocol.catalog.OpenType;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.catalog.SourceKind;
import dev.cascade.protocol.catalog.UpdateCycle;
import dev.cascade.protocol.catalog.Violation;

/** Registrations against the shipped packs: each contradiction named by its field and the pack it contradicts. */
class RegistrationRulesTest {

    private static final RegistrationRules BASELINE = new RegistrationRules(
            EffectivePack.compose(List.of(ShippedPacks.pack(ShippedPacks.NATIONAL_BASELINE))));
    private static final RegistrationRules GUANGDONG = new RegistrationRules(EffectivePack.compose(List.of(
            ShippedPacks.pack(ShippedPacks.NATIONAL_BASELINE), ShippedPacks.pack(ShippedPacks.GUANGDONG_EXAMPLE))));

    private static ResourceDescriptor resource(String category, DataLevel level, SharingType sharing, Scope scope,
                                               DataItem... items) {
        return new ResourceDescriptor("3.01.001.001-000001", "测试资源", "测试摘要", category, DataFormat.CSV, List.of(items),
                level, sharing, sharing == SharingType.CONDITIONAL ? "用于核验" : null, OpenType.CONDITIONAL, UpdateCycle.DAILY,
                LocalDate.of(2026, 11, 1), scope, SourceKind.UPLOAD);
    }

    private static DataItem item(String name, String sensitiveType, DataLevel level) {
        return new DataItem(name, FieldType.STRING, null, sensitiveType, level);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void labelsTheBaselineKnowsAtOrAboveTheirMinimumPass() {
        ResourceDescriptor d = resource("population", DataLevel.L3, SharingType.CONDITIONAL, Scope.NATIONAL,
                item("id_number", "身份证号", DataLevel.L3), item("phone", "mobile", DataLevel.L3),
                item("org", "social-credit-code", DataLevel.L1), item("tel", "座机", DataLevel.L2), item("note", null, DataLevel.L1));
        assertThat(BASELINE.check(d)).isEmpty();
    }

    @Test
    void everyTypeTheSampleClassifierSuggestsIsOneTheBaselineKnows() {
        EffectivePack baseline = EffectivePack.compose(List.of(ShippedPacks.pack(ShippedPacks.NATIONAL_BASELINE)));
        for (dev.cascade.policy.detect.SensitiveType type : dev.cascade.policy.detect.SensitiveType.values()) {
            assertThat(baseline.sensitiveTypeForLabel(type.token())).as("classifier token %s", type.token()).isPresent();
        }
    }

    @Test
    void anUnknownSensitiveTypeIsNamedWithTheTypesThePackKnows() {
        List<Violation> v = BASELINE.check(resource("economy", DataLevel.L3, SharingType.CONDITIONAL, Scope.NATIONAL,
                item("a", "person-name", DataLevel.L2), item("passport", "护照号码", DataLevel.L3), item("b", "none", DataLevel.L1)));
        assertThat(fields(v)).containsExactly("dataItems[1].sensitiveType", "dataItems[2].sensitiveType");
        assertThat(v.get(0).message()).contains("'护照号码'").contains("national-baseline v1 (100000)").contains("citizen-id");
        assertThat(v.get(1).message()).contains("omit sensitiveType");
    }

    @Test
    void anItemBelowItsTypesMinimumLevelIsNamedWithThePackThatSetIt() {
        List<Violation> atBaseline = BASELINE.check(resource("economy", DataLevel.L3, SharingType.CONDITIONAL, Scope.NATIONAL,
                item("phone", "手机号", DataLevel.L2), item("card", "bank-card", DataLevel.L3)));
        assertThat(fields(atBaseline)).containsExactly("dataItems[0].level", "dataItems[1].level");
        assertThat(atBaseline.get(0).message()).contains("L2 is below L3").contains("mobile").contains("national-baseline");
        // A bank card is L4 at least, so the resource is treated at L4 and cannot be unconditional.
        assertThat(BASELINE.check(resource("economy", DataLevel.L3, SharingType.UNCONDITIONAL, Scope.NATIONAL,
                item("card", "bank-card", DataLevel.L3)))).extracting(Violation::field)
                .containsExactly("dataItems[0].level", "sharingType");

        List<Violation> atGuangdong = GUANGDONG.check(resource("economy", DataLevel.L4, SharingType.CONDITIONAL, Scope.NATIONAL,
                item("card", "社保卡号", DataLevel.L3)));
        assertThat(fields(atGuangdong)).containsExactly("dataItems[0].level");
        assertThat(atGuangdong.get(0).message()).contains("medical-insurance-no").contains("guangdong-example v1 (440000)");
        // The baseline does not know Guangdong's type at all.
        assertThat(fields(BASELINE.check(resource("economy", DataLevel.L4, SharingType.CONDITIONAL, Scope.NATIONAL,
                item("card", "社保卡号", DataLevel.L4))))).containsExactly("dataItems[0].sensitiveType");
    }

    @Test
    void aResourceBelowItsCategorysMinimumIsRefusedAndTheRaisedLevelDecidesTheSharingType() {
        assertThat(fields(BASELINE.check(resource("health", DataLevel.L3, SharingType.UNCONDITIONAL, Scope.NATIONAL,
                item("note", null, DataLevel.L1))))).isEmpty();
        List<Violation> v = GUANGDONG.check(resource("health", DataLevel.L3, SharingType.UNCONDITIONAL, Scope.NATIONAL,
                item("note", null, DataLevel.L1)));
        assertThat(fields(v)).containsExactly("level", "sharingType");
        assertThat(v.get(0).message()).contains("below L4").contains("category health").contains("guangdong-example");
        assertThat(v.get(1).message()).contains("treats this resource at L4").contains("category health");
        // A category the pack does not know has no minimum.
        assertThat(GUANGDONG.check(resource("enterprise", DataLevel.L1, SharingType.UNCONDITIONAL, Scope.NATIONAL,
                item("note", null, DataLevel.L1)))).isEmpty();
    }
}
