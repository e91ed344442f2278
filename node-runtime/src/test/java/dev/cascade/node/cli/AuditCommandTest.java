package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.ledger.export.SampleLedger;
import dev.cascade.protocol.trust.Pem;
import picocli.CommandLine;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCommandTest {

    @TempDir
    Path dir;

    private SampleLedger ledger;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void ledger() {
        ledger = new SampleLedger(30, 8);
    }

    private static Run cascadeNode(String... args) {
        CommandLine cli = CascadeNodeMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private Path nodeCert() throws Exception {
        return file("node.pem", Pem.writeCertificate(ledger.nodeCertificate()).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void an_untouched_export_is_verified_with_exit_0() throws Exception {
        Path export = file("ledger.jsonl", ledger.export(0, 30));
        Run run = cascadeNode("audit", "verify", "--export", export.toString(), "--cert", nodeCert().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                entries checked: 30
                heads verified: 3 (3 anchored by the parent)
                entries not yet covered by a head: 6
                ledger verified
                """);
    }

    @Test
    void an_edited_entry_names_the_first_bad_index_with_exit_1() throws Exception {
        String text = new String(ledger.export(0, 30), StandardCharsets.UTF_8)
                .replace("granted read of resource-13\"", "granted read of resource-99\"");
        Path export = file("edited.jsonl", text.getBytes(StandardCharsets.UTF_8));
        Run run = cascadeNode("audit", "verify", "--export", export.toString(), "--cert", nodeCert().toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("entries checked: 13").containsPattern("first bad index 13: .*\\(LEAF_MISMATCH\\)\n$")
                .doesNotContain("ledger verified");
    }

    @Test
    void an_export_checked_against_another_certificate_fails_with_exit_1() throws Exception {
        Path export = file("ledger.jsonl", ledger.export(0, 30));
        Path parentCert = file("parent.pem",
                Pem.writeCertificate(ledger.province().appCertificate()).getBytes(StandardCharsets.US_ASCII));
        Run run = cascadeNode("audit", "verify", "--export", export.toString(), "--cert", parentCert.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("first bad index 0: ").contains("(NOT_THE_NODE_CERTIFICATE)");
    }

    @Test
    void an_unreadable_export_or_certificate_is_one_line_with_exit_2() throws Exception {
        Path export = file("ledger.jsonl", ledger.export(0, 30));
        Run noExport = cascadeNode("audit", "verify", "--export", dir.resolve("nope.jsonl").toString(), "--cert",
                nodeCert().toString());
        assertThat(noExport.exit()).isEqualTo(2);
        assertThat(noExport.err()).startsWith("cascade-node: no export file at ").hasLineCount(1);

        Path truncated = file("cut.jsonl", new String(ledger.export(0, 30), StandardCharsets.UTF_8).substring(0, 9000)
                .getBytes(StandardCharsets.UTF_8));
        Run cut = cascadeNode("audit", "verify", "--export", truncated.toString(), "--cert", nodeCert().toString());
        assertThat(cut.exit()).isEqualTo(2);
        assertThat(cut.err()).containsPattern("^cascade-node: export .*cut.jsonl is not a ledger export: line \\d+: ")
                .hasLineCount(1);

        Run badCert = cascadeNode("audit", "verify", "--export", export.toString(), "--cert", export.toString());
        assertThat(badCert.exit()).isEqualTo(2);
        assertThat(badCert.err()).startsWith("cascade-node: cannot read node certificate").hasLineCount(1);

        Run usage = cascadeNode("audit", "verify", "--export", export.toString());
        assertThat(usage.exit()).isEqualTo(2);
    }
}
