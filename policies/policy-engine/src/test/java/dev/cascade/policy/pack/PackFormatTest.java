package dev.cascade.policy.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.yaml.YamlProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackFormatTest {

    /** A valid root pack; tests break one line of it at a time. Line numbers below refer to this text. */
    static final String VALID = """
            format: cascade.policy-pack/v1
            id: mini
            version: 1
            issuer: "100000"
            levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: important}, {id: core}]
            sensitive-types:
              mobile:
                personal: true
                min-level: L3
                mask: keep(3,4)
            masking-profiles:
              standard: {}
            defaults:
              effect: permit
              row-limit: 1000
              max-validity: P30D
              masking-profile: standard
            rules:
              - id: conditional-needs-approval
                when: resource.sharing_type == 'conditional'
                effect: require-approval
            """;

    static PolicyPack parse(String text) {
        return PolicyPack.parse(text.getBytes(StandardCharsets.UTF_8), "mini.yaml");
    }

    static List<YamlProblem> problemsOf(String text) {
        try {
            parse(text);
        } catch (PackFormatException e) {
            return e.problems();
        }
        throw new AssertionError("expected the pack to be refused");
    }

    @Test
    void aValidPackParses() {
        PolicyPack pack = parse(VALID);

        assertThat(pack.id()).isEqualTo("mini");
        assertThat(pack.isRoot()).isTrue();
        assertThat(pack.sensitiveTypes().get("mobile").mask()).isEqualTo(MaskSpec.parse("keep(3,4)"));
        assertThat(pack.rules()).singleElement().satisfies(r -> {
            assertThat(r.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
            assertThat(r.line()).isEqualTo(19);
            assertThat(r.when().fullyNative()).isTrue();
        });
    }

    @Test
    void theShippedPacksParse() throws Exception {
        for (String name : List.of("national-baseline", "guangdong-example")) {
            Path file = Path.of("..", "packs", name, "pack.yaml");
            PolicyPack pack = PolicyPack.parse(Files.readAllBytes(file), file.toString());
            assertThat(pack.id()).isEqualTo(name);
            assertThat(pack.rules()).isNotEmpty();
        }
    }

    @Test
    void aYamlSyntaxErrorNamesItsLine() {
        String broken = VALID.replace("  standard: {}", "  standard: {]");

        assertThat(problemsOf(broken)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(12);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void aDuplicateKeyIsRefusedWithBothLines() {
        String broken = VALID.replace("    effect: require-approval", "    effect: require-approval\n    effect: permit");

        assertThat(problemsOf(broken)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(22);
            assertThat(p.message()).isEqualTo("not valid YAML: duplicate key 'effect' (first at line 21)");
        });
    }

    @Test
    void anUnknownKeyIsNamedWithWhatIsAllowed() {
        String broken = VALID.replace("    effect: require-approval", "    efect: require-approval");

        List<YamlProblem> problems = problemsOf(broken);

        assertThat(problems).extracting(YamlProblem::line, YamlProblem::path).contains(
                org.assertj.core.groups.Tuple.tuple(21, "rules[0].efect"));
        assertThat(problems).anySatisfy(p -> assertThat(p.message())
                .startsWith("unknown key 'efect'; allowed: constraints, description, effect"));
        assertThat(problems).anySatisfy(p -> assertThat(p.message())
                .contains("rule 'conditional-needs-approval' of pack 'mini': 'effect' is required"));
    }

    @Test
    void aMalformedMaskAndAnUnknownLevelAreBothReportedWithLines() {
        String broken = VALID.replace("min-level: L3", "min-level: L5").replace("mask: keep(3,4)", "mask: keep(3)");

        List<YamlProblem> problems = problemsOf(broken);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).line()).isEqualTo(9);
        assertThat(problems.get(0).message()).contains("unknown data level 'L5'");
        assertThat(problems.get(1).line()).isEqualTo(10);
        assertThat(problems.get(1).message()).contains("'keep(3)' takes 2 argument(s)");
    }

    @Test
    void aConditionThatDoesNotCompileNamesTheRuleThePackAndTheLine() {
        String broken = VALID.replace("resource.sharing_type == 'conditional'", "resource.sharing == 'conditional'");

        assertThat(problemsOf(broken)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(20);
            assertThat(p.path()).isEqualTo("rules[0].when");
            assertThat(p.message()).startsWith("rule 'conditional-needs-approval' of pack 'mini': condition does not"
                    + " compile: ERROR: <input>:1:9: undefined field 'sharing'");
        });
    }

    @Test
    void aConditionMustBeBoolean() {
        String broken = VALID.replace("resource.sharing_type == 'conditional'", "resource.level_rank + 1");

        assertThat(problemsOf(broken)).singleElement().satisfies(p ->
                assertThat(p.message()).contains("expected type 'bool' but found 'int'"));
    }

    @Test
    void anUnknownLevelInLevelRankIsACompileError() {
        String broken = VALID.replace("resource.sharing_type == 'conditional'", "resource.level_rank >= level_rank('L5')");

        assertThat(problemsOf(broken)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("unknown level 'L5' in level_rank(); levels: L1, L2, L3, L4, important, core"));
    }

    @Test
    void fieldIsOnlyDeclaredInFieldScopeRules() {
        String requestScope = VALID.replace("resource.sharing_type == 'conditional'", "field.personal");
        String fieldScope = VALID.replace("resource.sharing_type == 'conditional'", "field.personal\n    scope: field");

        assertThat(problemsOf(requestScope)).singleElement().satisfies(p ->
                assertThat(p.message()).contains("undeclared reference to 'field'"));
        assertThat(parse(fieldScope).rules().get(0).scope()).isEqualTo(RuleScope.FIELD);
    }

    @Test
    void fieldConstraintsBelongToFieldRules() {
        String broken = VALID.replace("    effect: require-approval", "    effect: permit\n    constraints: {drop: true}");

        assertThat(problemsOf(broken)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("'drop' judges one field; use it in a rule with scope: field"));
    }

    @Test
    void aRootPackMustStateItsDefaultsAndLevels() {
        String broken = VALID.replace("levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: important}, {id: core}]\n", "")
                .replace("  row-limit: 1000\n", "");

        List<YamlProblem> problems = problemsOf(broken);

        assertThat(problems).extracting(YamlProblem::message).containsExactlyInAnyOrder(
                "a root pack (no 'extends') must declare the levels",
                "a root pack must state defaults.row-limit");
    }

    @Test
    void anUnsupportedFormatIsRefused() {
        assertThatThrownBy(() -> parse(VALID.replace("cascade.policy-pack/v1", "cascade.policy-pack/v9")))
                .isInstanceOf(PackFormatException.class)
                .hasMessageContaining("mini.yaml: 1 problem")
                .hasMessageContaining("line 1 (format): unsupported format 'cascade.policy-pack/v9'");
    }

    @Test
    void yaml11BooleansAndNonDecimalNumbersAreRefusedRatherThanGuessed() {
        String broken = VALID.replace("personal: true", "personal: yes").replace("row-limit: 1000", "row-limit: 0x3E8");

        assertThat(problemsOf(broken)).extracting(YamlProblem::line, YamlProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(8, "write true or false, not 'yes'"),
                org.assertj.core.groups.Tuple.tuple(15, "write '0x3E8' as a plain decimal integer"));
    }
}
