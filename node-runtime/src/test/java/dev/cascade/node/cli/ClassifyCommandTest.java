package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.policy.detect.LabelledCorpus;
import dev.cascade.policy.detect.LabelledValue;
import dev.cascade.policy.detect.SensitiveType;
import picocli.CommandLine;

class ClassifyCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run classify(String... args) {
        CommandLine cli = CascadeNodeMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "classify";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<String> valuesOf(SensitiveType type, int n) {
        return LabelledCorpus.generate(7, 200).stream()
                .filter(v -> v.truth().equals(Optional.of(type)) && !v.value().contains(",") && !v.value().contains("\""))
                .map(LabelledValue::value).limit(n).toList();
    }

    private Path sampleCsv(Charset charset) throws Exception {
        List<String> ids = valuesOf(SensitiveType.CITIZEN_ID, 40);
        List<String> mobiles = valuesOf(SensitiveType.MOBILE, 40);
        StringBuilder csv = new StringBuilder("身份证号,联系电话,备注\n");
        for (int i = 0; i < 40; i++) {
            csv.append(ids.get(i)).append(',').append(mobiles.get(i)).append(",第").append(i).append("批次已核验\n");
        }
        Path file = dir.resolve("sample-" + charset.name() + ".csv");
        Files.writeString(file, csv, charset);
        return file;
    }

    @Test
    void suggestsTheTypeAndLevelOfEachColumnWithConfidenceAsJson() throws Exception {
        Run run = classify("--sample", sampleCsv(StandardCharsets.UTF_8).toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = AdminClient.JSON.readTree(run.out());
        assertThat(doc.path("encoding").asText()).isEqualTo("utf-8");
        assertThat(doc.path("rowsExamined").asInt()).isEqualTo(40);
        JsonNode columns = doc.path("columns");
        assertThat(columns.get(0).path("column").asText()).isEqualTo("身份证号");
        assertThat(columns.get(0).path("type").asText()).isEqualTo("citizen-id");
        assertThat(columns.get(0).path("level").asText()).isEqualTo(SensitiveType.CITIZEN_ID.level().wire());
        assertThat(columns.get(0).path("confidence").asDouble()).isGreaterThan(0.9);
        assertThat(columns.get(1).path("type").asText()).isEqualTo("mobile");
        assertThat(columns.get(2).path("type").asText()).isEqualTo("none");
        assertThat(columns.get(2).path("level").isNull()).isTrue();
    }

    @Test
    void readsAGbkExportAndPrintsATable() throws Exception {
        Run run = classify("--sample", sampleCsv(Charset.forName("GBK")).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("(gbk)").contains("身份证号").contains("citizen-id").contains("40/40");
    }

    @Test
    void aBrokenSampleIsOneClearErrorNamingTheLine() throws Exception {
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "姓名,电话\n张三,13800138000\n\"李四,13900139000\n");
        Run run = classify("--sample", broken.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("cascade-node: ").contains("broken.csv").containsPattern("line \\d");

        Run missing = classify("--sample", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no sample file");
    }
}
