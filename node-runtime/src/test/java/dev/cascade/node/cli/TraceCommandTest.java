package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** What `cascade-node trace` decides before it reaches the node: the file's media type, and files it cannot send. */
class TraceCommandTest {

    @TempDir
    Path dir;

    @Test
    void theMediaTypeComesFromTheExtensionAndOtherwiseFromTheFirstCharacter() {
        byte[] jsonl = "\uFEFF{\"id_no\":\"A\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] csv = "id_no,amount\nA,1.25\n".getBytes(StandardCharsets.UTF_8);

        assertThat(TraceCommand.mediaType(Path.of("leak.CSV"), jsonl)).isEqualTo("text/csv");
        assertThat(TraceCommand.mediaType(Path.of("leak.ndjson"), csv)).isEqualTo("application/x-ndjson");
        assertThat(TraceCommand.mediaType(Path.of("leak.txt"), jsonl)).isEqualTo("application/x-ndjson");
        assertThat(TraceCommand.mediaType(Path.of("leak.txt"), csv)).isEqualTo("text/csv");
    }

    @Test
    void aMissingFileIsUnusableInputAndNeverReachesTheNode() {
        CommandLine cli = CascadeNodeMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("trace", "--file", dir.resolve("absent.csv").toString(), "--data-dir", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no file at");
    }
}
