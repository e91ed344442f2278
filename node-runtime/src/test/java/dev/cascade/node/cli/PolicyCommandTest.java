package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** {@code cascade-node policy test DIR}: the pack test runner from the CLI, with no node and no data directory. */
class PolicyCommandTest {

    static final Path SHIPPED = Path.of("..", "policies", "packs");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        CommandLine cli = CascadeNodeMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"national-baseline", "guangdong-example"})
    void theShippedPacksPassTheirSuites(String pack) {
        Run run = cli("policy", "test", SHIPPED.resolve(pack).toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("  PASS  ").doesNotContain("FAIL").containsPattern(pack + " v\\d+ \\(\\d{6}\\)\\): (\\d+)/\\1 passed");
    }

    @Test
    void aFailingCaseExitsOneAndSaysWhatDiffered() throws Exception {
        Path pack = copyOfGuangdong("failing");
        Files.writeString(pack.resolve("tests/wrong.yaml"), """
                defaults:
                  now: 2026-03-02T10:00:00+08:00
                  requester: {dept: 广州市人社局, region: "440100", clearance: L4}
                  resource:
                    level: L2
                    sharing_type: unconditional
                    owner_region: "440300"
                    fields:
                      - {name: phone, level: L3, sensitive_type: 手机号}
                cases:
                  - name: passes
                    input:
                      request: {purpose: 核验}
                    expect:
                      decision: permit
                  - name: expects too much
                    input:
                      request: {purpose: 核验}
                    expect:
                      decision: permit
                      constraints:
                        masks: {phone: reveal}
                """);
        Run run = cli("policy", "test", pack.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("PASS  passes").contains("FAIL  expects too much").contains("constraints.masks.phone")
                .contains("1 failed");
    }

    @Test
    void aSuiteThatCannotRunExitsTwo() throws Exception {
        Path pack = copyOfGuangdong("broken");
        Files.writeString(pack.resolve("tests/broken.yaml"), "cases: [ {name: x\n");
        Run run = cli("policy", "test", pack.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("ERROR");

        Run missing = cli("policy", "test", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).contains("ERROR");
    }

    @Test
    void theGroupAloneAndAMissingArgumentAreClearErrors() {
        Run bare = cli("policy");
        assertThat(bare.exit()).isEqualTo(1);
        assertThat(bare.err()).startsWith("cascade-node: ").contains("policy publish|show|test");
        Run noDir = cli("policy", "test");
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("DIR");
    }

    /** The Guangdong example without its suite, beside a copy of the baseline it extends. */
    private Path copyOfGuangdong(String name) throws Exception {
        Path packs = Files.createDirectories(dir.resolve(name));
        Path baseline = Files.createDirectories(packs.resolve("national-baseline"));
        Files.copy(SHIPPED.resolve("national-baseline/pack.yaml"), baseline.resolve("pack.yaml"));
        Path guangdong = Files.createDirectories(packs.resolve("guangdong-example/tests"));
        Files.copy(SHIPPED.resolve("guangdong-example/pack.yaml"), guangdong.getParent().resolve("pack.yaml"));
        return guangdong.getParent();
    }
}
