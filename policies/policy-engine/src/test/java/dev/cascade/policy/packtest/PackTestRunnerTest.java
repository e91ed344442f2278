package dev.cascade.policy.packtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackTestRunnerTest {

    static final Path FAILING = Path.of("src", "test", "resources", "suites", "failing");

    @Test
    void aFailingSuiteExitsOneAndShowsWhatDiffered() {
        PackTestReport report = new PackTestRunner().run(FAILING);

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
        assertThat(report.passedCount()).isEqualTo(1);
        assertThat(report.failedCount()).isEqualTo(2);
        CaseResult wrongDecision = report.cases().get(1);
        assertThat(wrongDecision.differences()).containsExactly(
                "decision: expected permit, got needs-approval (fired: conditional-needs-approval)");
        CaseResult wrongDetails = report.cases().get(2);
        assertThat(wrongDetails.differences()).containsExactly(
                "rules: expected but did not fire [some-rule]",
                "constraints.masks.phone: expected reveal, got keep(3,4)",
                "constraints.row-limit: expected 5, got 1000");
        String text = report.render();
        assertThat(text).contains("  PASS  passes\n", "  FAIL  wrong decision on purpose  (line 16)\n",
                "runner-fixture v1 (100000)): 1/3 passed, 2 failed");
    }

    @Test
    void aPassingSuiteExitsZero(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        write(dir.resolve("tests/cases.yaml"), """
                cases:
                  - name: a conditional resource needs approval
                    input:
                      now: 2026-03-02T10:00:00+08:00
                      request: {purpose: test}
                      requester: {dept: d, region: "440100", clearance: L4}
                      resource: {level: L1, sharing_type: conditional, owner_region: "440100", fields: [{name: a}]}
                    expect: {decision: needs-approval, rules: [conditional-needs-approval]}
                """);

        PackTestReport report = new PackTestRunner().run(dir);

        assertThat(report.exitCode()).as(report.render()).isZero();
        assertThat(report.render()).contains("1/1 passed");
    }

    @Test
    void aSuiteThatCannotLoadExitsTwoNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        write(dir.resolve("tests/cases.yaml"), """
                cases:
                  - name: missing input parts
                    input:
                      request: {purpose: test}
                    expect: {decision: allow}
                """);

        PackTestReport report = new PackTestRunner().run(dir);

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.errors()).anySatisfy(e -> assertThat(e)
                .contains("tests/cases.yaml: line 5").contains("unknown decision 'allow'"));
        assertThat(report.errors()).anySatisfy(e -> assertThat(e).contains("'now' is required"));
    }

    @Test
    void aBrokenPackIsAnErrorNotAPass(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        String pack = Files.readString(dir.resolve("pack.yaml"))
                .replace("resource.sharing_type == 'conditional'", "resource.sharing == 'conditional'");
        write(dir.resolve("pack.yaml"), pack);

        PackTestReport report = new PackTestRunner().run(dir);

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.errors()).singleElement().asString()
                .contains("rule 'conditional-needs-approval' of pack 'runner-fixture'")
                .contains("undefined field 'sharing'");
    }

    @Test
    void aSuiteWithoutCasesIsAnError(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        Files.delete(dir.resolve("tests/cases.yaml"));

        PackTestReport report = new PackTestRunner().run(dir);

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.render()).contains("ERROR no test cases found");
    }

    @Test
    void ancestorsNamedInTheTestFileAreComposedRootFirst(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("root");
        copyFixture(root);
        Path child = dir.resolve("elsewhere/child");
        Files.createDirectories(child.resolve("tests"));
        write(child.resolve("pack.yaml"), """
                format: cascade.policy-pack/v1
                id: child
                version: 1
                issuer: "440000"
                extends: runner-fixture
                defaults: {row-limit: 10}
                """);
        write(child.resolve("tests/cases.yaml"), """
                ancestors: [../../root]
                cases:
                  - name: the child's lower row limit applies
                    input:
                      now: 2026-03-02T10:00:00+08:00
                      request: {purpose: test}
                      requester: {dept: d, region: "440100", clearance: L4}
                      resource: {level: L1, sharing_type: unconditional, owner_region: "440100", fields: [{name: a}]}
                    expect: {decision: permit, constraints: {row-limit: 10}}
                """);

        PackTestReport report = new PackTestRunner().run(child);

        assertThat(report.exitCode()).as(report.render()).isZero();
        assertThat(report.target()).contains("runner-fixture v1 (100000) > child v1 (440000)");
    }

    private static void copyFixture(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tests"));
        Files.copy(FAILING.resolve("pack.yaml"), dir.resolve("pack.yaml"));
        Files.copy(FAILING.resolve("tests/cases.yaml"), dir.resolve("tests/cases.yaml"));
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
