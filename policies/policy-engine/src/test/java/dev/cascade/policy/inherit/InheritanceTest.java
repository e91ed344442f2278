package dev.cascade.policy.inherit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.policy.inherit.PackRefusal.Kind;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.pack.Effect;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.catalog.DataLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InheritanceTest {

    static final PolicyPack BASELINE = shipped("national-baseline");
    static final PolicyPack GUANGDONG = shipped("guangdong-example");

    static PolicyPack shipped(String name) {
        Path file = Path.of("..", "packs", name, "pack.yaml");
        try {
            return PolicyPack.parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Guangdong-issued pack extending the baseline, with {@code body} appended. */
    static PolicyPack child(String body) {
        return child("440000", "national-baseline", body);
    }

    static PolicyPack child(String issuer, String extendsId, String body) {
        String text = "format: cascade.policy-pack/v1\nid: child\nversion: 1\nissuer: \"" + issuer + "\"\n"
                + "extends: " + extendsId + "\n" + body;
        return PolicyPack.parse(text.getBytes(StandardCharsets.UTF_8), "child.yaml");
    }

    static List<PackRefusal> refusalsOf(PolicyPack... chain) {
        try {
            EffectivePack.compose(List.of(chain));
        } catch (PackRefusedException e) {
            return e.refusals();
        }
        throw new AssertionError("expected the chain to be refused");
    }

    static PackRefusal onlyRefusalOf(String childBody) {
        List<PackRefusal> refusals = refusalsOf(BASELINE, child(childBody));
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0).packId()).isEqualTo("child");
        return refusals.get(0);
    }

    @Test
    void theGuangdongPackTightensTheBaselineAndIsAccepted() {
        EffectivePack effective = EffectivePack.compose(List.of(BASELINE, GUANGDONG));

        assertThat(effective.leaf().id()).isEqualTo("guangdong-example");
        assertThat(effective.sensitiveTypes().get("mobile").mask()).isEqualTo(MaskSpec.parse("keep(3,0)"));
        assertThat(effective.sensitiveTypes().get("mobile").minLevel()).isEqualTo(DataLevel.L3);
        assertThat(effective.sensitiveTypeForLabel("医保卡号").orElseThrow().id()).isEqualTo("medical-insurance-no");
        assertThat(effective.categories().get("health").minLevel()).isEqualTo(DataLevel.L4);
        assertThat(effective.defaults().rowLimit()).isEqualTo(50_000L);
        assertThat(effective.defaults().maxValidity()).isEqualTo(Duration.ofDays(90));
        assertThat(effective.defaults().effect()).isEqualTo(Effect.PERMIT);
        assertThat(effective.maskFor("cross-province", "mobile", DataLevel.L3)).isEqualTo(new MaskSpec.Suppress());
        assertThat(effective.maskFor("cross-province", "citizen-id", DataLevel.L3))
                .isEqualTo(MaskSpec.parse("pseudonym(national-xp)"));
        assertThat(effective.rules()).hasSize(BASELINE.rules().size() + GUANGDONG.rules().size());
        assertThat(effective.rules().get(0).packId()).isEqualTo("national-baseline");
        assertThat(effective.rules().get(effective.rules().size() - 1).packId()).isEqualTo("guangdong-example");
    }

    @Test
    void redefiningAnAncestorsRuleIsRefusedNamingTheRule() {
        PolicyPack loosening = child("""
                rules:
                  - id: not-shareable
                    when: "false"
                    effect: permit
                """);

        assertThatThrownBy(() -> EffectivePack.compose(List.of(BASELINE, loosening)))
                .isInstanceOf(PackRefusedException.class)
                .hasMessage("pack child refused: REDEFINED rules.not-shareable: rule 'not-shareable' is defined by"
                        + " ancestor pack national-baseline; a lower pack may add rules, not redefine or replace them");
    }

    @Test
    void loweringASensitiveTypesLevelIsRefused() {
        PackRefusal r = onlyRefusalOf("sensitive-types:\n  mobile: {min-level: L2}\n");

        assertThat(r.kind()).isEqualTo(Kind.LEVEL_LOWERED);
        assertThat(r.item()).isEqualTo("sensitive-types.mobile.min-level");
        assertThat(r.why()).isEqualTo("min-level L2 is below the ancestor's L3");
    }

    @Test
    void loweringACategorysLevelIsRefused() {
        PackRefusal r = onlyRefusalOf("categories:\n  - {id: public-safety, min-level: L3}\n");

        assertThat(r.kind()).isEqualTo(Kind.LEVEL_LOWERED);
        assertThat(r.item()).isEqualTo("categories.public-safety.min-level");
    }

    @Test
    void weakeningASensitiveTypesMaskIsRefused() {
        PackRefusal r = onlyRefusalOf("sensitive-types:\n  citizen-id: {mask: 'keep(8,4)'}\n");

        assertThat(r.kind()).isEqualTo(Kind.MASK_WEAKENED);
        assertThat(r.item()).isEqualTo("sensitive-types.citizen-id.mask");
        assertThat(r.why()).isEqualTo("mask keep(8,4) reveals more than the ancestor's keep(6,4)");
    }

    @Test
    void weakeningAProfileEntryIsRefused() {
        PackRefusal byType = onlyRefusalOf("masking-profiles:\n  cross-province:\n    by-type: {citizen-id: 'keep(6,4)'}\n");
        PackRefusal byLevel = onlyRefusalOf("masking-profiles:\n  cross-province:\n    by-level: {L4: 'keep(1,1)'}\n");
        // The profile had no entry for mobile: the type's default keep(3,4) was in force there.
        PackRefusal overDefault = onlyRefusalOf("masking-profiles:\n  standard:\n    by-type: {mobile: reveal}\n");

        assertThat(byType.kind()).isEqualTo(Kind.MASK_WEAKENED);
        assertThat(byType.item()).isEqualTo("masking-profiles.cross-province.by-type.citizen-id");
        assertThat(byType.why()).isEqualTo("mask keep(6,4) reveals more than the ancestor's pseudonym(national-xp)");
        assertThat(byLevel.item()).isEqualTo("masking-profiles.cross-province.by-level.L4");
        assertThat(overDefault.item()).isEqualTo("masking-profiles.standard.by-type.mobile");
        assertThat(overDefault.why()).isEqualTo("mask reveal reveals more than the ancestor's keep(3,4)");
    }

    @Test
    void aWeakerDefaultMaskingProfileIsRefused() {
        PackRefusal r = onlyRefusalOf("""
                masking-profiles:
                  open:
                    by-type: {citizen-id: reveal}
                defaults: {masking-profile: open}
                """);

        assertThat(r.kind()).isEqualTo(Kind.MASK_WEAKENED);
        assertThat(r.item()).isEqualTo("defaults.masking-profile");
        assertThat(r.why()).isEqualTo("profile 'open' is weaker than the ancestor's default 'standard': a citizen-id"
                + " field at level L1 would be masked reveal instead of keep(6,4)");
    }

    @Test
    void aStrongerDefaultMaskingProfileIsAccepted() {
        EffectivePack effective = EffectivePack.compose(List.of(BASELINE, child("""
                masking-profiles:
                  strict:
                    by-level: {L3: suppress}
                defaults: {masking-profile: strict}
                """)));

        assertThat(effective.defaults().maskingProfile()).isEqualTo("strict");
        assertThat(effective.maskFor("strict", "mobile", DataLevel.L3)).isEqualTo(new MaskSpec.Suppress());
        assertThat(effective.maskFor("strict", "mobile", DataLevel.L2)).isEqualTo(MaskSpec.parse("keep(3,4)"));
    }

    @Test
    void broaderDefaultsAreRefused() {
        List<PackRefusal> refusals = refusalsOf(BASELINE, child("defaults: {row-limit: 200000, max-validity: P365D}\n"));

        assertThat(refusals).extracting(PackRefusal::kind, PackRefusal::item).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.SHARING_BROADENED, "defaults.row-limit"),
                org.assertj.core.groups.Tuple.tuple(Kind.SHARING_BROADENED, "defaults.max-validity"));
        assertThat(refusals.get(0).why()).isEqualTo("row-limit 200000 is above the ancestor's 100000");
    }

    @Test
    void aWeakerDefaultEffectIsRefusedFurtherDown() {
        PolicyPack province = child("defaults: {effect: require-approval}\n");
        PolicyPack city = child("440100", "child", "defaults: {effect: permit}\n");
        PolicyPack renamedCity = PolicyPack.parse(("format: cascade.policy-pack/v1\nid: city\nversion: 1\n"
                + "issuer: \"440100\"\nextends: child\ndefaults: {effect: permit}\n").getBytes(StandardCharsets.UTF_8),
                "city.yaml");

        assertThat(EffectivePack.compose(List.of(BASELINE, province)).defaults().effect())
                .isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(refusalsOf(BASELINE, province, renamedCity)).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.SHARING_BROADENED);
            assertThat(r.packId()).isEqualTo("city");
            assertThat(r.item()).isEqualTo("defaults.effect");
        });
        assertThat(refusalsOf(BASELINE, province, city)).extracting(PackRefusal::kind).contains(Kind.CHAIN_MISMATCH);
    }

    @Test
    void reorderingOrDroppingLevelsIsRefused() {
        PackRefusal reordered = onlyRefusalOf(
                "levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: core}, {id: important}]\n");
        PackRefusal dropped = onlyRefusalOf("levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: core}]\n");

        assertThat(reordered.kind()).isEqualTo(Kind.LEVEL_SCHEME_CHANGED);
        assertThat(reordered.why()).endsWith("the pack reorders them as L1, L2, L3, L4, core, important");
        assertThat(dropped.why()).endsWith("the pack drops important");
    }

    @Test
    void renamingLevelsIsAllowed() {
        EffectivePack effective = EffectivePack.compose(List.of(BASELINE, child(
                "levels: [{id: L1, name: 公开}, {id: L2}, {id: L3}, {id: L4}, {id: important}, {id: core}]\n")));

        assertThat(effective.levels().get(DataLevel.L1).name()).isEqualTo("公开");
        assertThat(effective.levels().get(DataLevel.CORE).name()).isEqualTo("核心数据");
    }

    @Test
    void unmarkingPersonalInformationOrMovingAnAliasIsRefused() {
        PackRefusal personal = onlyRefusalOf("sensitive-types:\n  mobile: {personal: false}\n");
        PackRefusal alias = onlyRefusalOf("""
                sensitive-types:
                  phone: {aliases: [手机号], personal: true, min-level: L2, mask: reveal}
                """);

        assertThat(personal.kind()).isEqualTo(Kind.REDEFINED);
        assertThat(personal.item()).isEqualTo("sensitive-types.mobile.personal");
        assertThat(alias.kind()).isEqualTo(Kind.REDEFINED);
        assertThat(alias.why()).isEqualTo("label '手机号' already names sensitive type 'mobile'");
    }

    @Test
    void referencesToProfilesOrTypesNoPackDefinesAreRefused() {
        List<PackRefusal> refusals = refusalsOf(BASELINE, child("""
                masking-profiles:
                  extra:
                    by-type: {passport: suppress}
                rules:
                  - id: extra-rule
                    when: route.crosses_province
                    effect: permit
                    constraints: {masking-profile: nowhere}
                """));

        assertThat(refusals).extracting(PackRefusal::kind, PackRefusal::item).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_REFERENCE, "masking-profiles.extra.by-type.passport"),
                org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_REFERENCE, "rules.extra-rule.constraints.masking-profile"));
    }

    @Test
    void aNewSensitiveTypeMustBeComplete() {
        PackRefusal r = onlyRefusalOf("sensitive-types:\n  passport: {personal: true}\n");

        assertThat(r.kind()).isEqualTo(Kind.INCOMPLETE);
        assertThat(r.why()).isEqualTo("a sensitive type no ancestor defines must state min-level, mask");
    }

    @Test
    void aPackMustSitBelowThePackItExtends() {
        List<PackRefusal> wrongParent = refusalsOf(BASELINE, child("440000", "another-pack", ""));
        List<PackRefusal> notBelow = refusalsOf(BASELINE, GUANGDONG, child("320100", "guangdong-example", ""));
        List<PackRefusal> orphan = refusalsOf(GUANGDONG);
        List<PackRefusal> rootUnderRoot = refusalsOf(BASELINE, BASELINE);

        assertThat(wrongParent).singleElement().satisfies(r -> assertThat(r.why())
                .isEqualTo("the pack extends 'another-pack' but its parent in the chain is 'national-baseline'"));
        assertThat(notBelow).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.CHAIN_MISMATCH);
            assertThat(r.why()).isEqualTo("issuer 320100 is not below 440000, the issuer of guangdong-example");
        });
        assertThat(orphan).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(Kind.CHAIN_MISMATCH));
        assertThat(rootUnderRoot).extracting(PackRefusal::kind).containsOnly(Kind.CHAIN_MISMATCH);
    }

    @Test
    void everyRefusalOfAPackIsReportedAtOnce() {
        List<PackRefusal> refusals = refusalsOf(BASELINE, child("""
                sensitive-types:
                  mobile: {min-level: L1, mask: reveal}
                defaults: {row-limit: 100001}
                rules:
                  - {id: purpose-required, when: "true", effect: deny}
                """));

        assertThat(refusals).extracting(PackRefusal::kind).containsExactly(Kind.LEVEL_LOWERED, Kind.MASK_WEAKENED,
                Kind.SHARING_BROADENED, Kind.REDEFINED);
    }

    @Test
    void theRootPackMustDeclareTheCatalogsLevels() {
        String text = new String(readShipped("national-baseline"), StandardCharsets.UTF_8)
                .replace("  - id: important\n", "  - id: important-x\n");

        assertThatThrownBy(() -> PolicyPack.parse(text.getBytes(StandardCharsets.UTF_8), "x"))
                .hasMessageContaining("unknown data level 'important-x'");
    }

    private static byte[] readShipped(String name) {
        try {
            return Files.readAllBytes(Path.of("..", "packs", name, "pack.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
