package dev.cascade.node.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.classify.ClassifiedSample;
import dev.cascade.policy.detect.SampleEncoding;
import dev.cascade.policy.detect.SampleFormatException;
import dev.cascade.policy.detect.SampleTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The operator's first step when registering a resource: which columns of a sample hold
 * sensitive data, of which type, at which level, and how sure the classifier is.
 */
@Command(name = "classify", description = "Suggest, per column of a sample CSV, the sensitive-data type and level with confidence.")
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "--sample", required = true, paramLabel = "FILE.csv", description = "sample rows with a header line")
    Path sample;
    @Option(names = "--encoding", defaultValue = "auto", paramLabel = "auto|utf-8|gbk",
            description = "character encoding of the sample (default: ${DEFAULT-VALUE}: UTF-8 unless it does not decode, then GBK)")
    String encoding;
    @Option(names = "--rows", defaultValue = "1000", paramLabel = "N", description = "rows to examine (default: ${DEFAULT-VALUE})")
    int rows;
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (rows < 1) {
            throw new CliFailure("--rows must be at least 1");
        }
        if (!Files.isRegularFile(sample)) {
            throw new CliFailure("no sample file at " + sample);
        }
        SampleEncoding chosen;
        try {
            chosen = SampleEncoding.fromToken(encoding);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        SampleTable table;
        try {
            table = SampleTable.read(sample, chosen, rows);
        } catch (SampleFormatException e) {
            throw new CliFailure(sample + ": " + e.getMessage());
        }
        ClassifiedSample classified = ClassifiedSample.of(table);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = AdminClient.JSON.createObjectNode();
            doc.put("sample", sample.toString());
            doc.setAll((ObjectNode) AdminClient.JSON.valueToTree(classified));
            out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.printf("%s: %d rows examined (%s)%s%n", sample, classified.rowsExamined(), classified.encoding(),
                    classified.truncated() ? ", more not read" : "");
            out.printf("%-24s %-20s %-6s %10s  %s%n", "COLUMN", "SUGGESTED TYPE", "LEVEL", "CONFIDENCE", "MATCHED");
            for (ClassifiedSample.Column c : classified.columns()) {
                out.printf(Locale.ROOT, "%-24s %-20s %-6s %10.2f  %d/%d%n", c.column(), c.type(),
                        c.level() == null ? "-" : c.level(), c.confidence(), c.matched(), c.sampled());
            }
        }
        out.flush();
        return 0;
    }
}
