package dev.cascade.node.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.policy.detect.ColumnClassifier;
import dev.cascade.policy.detect.ColumnSuggestion;
import dev.cascade.policy.detect.SampleEncoding;
import dev.cascade.policy.detect.SampleFormatException;
import dev.cascade.policy.detect.SampleTable;
import dev.cascade.protocol.catalog.DataLevel;
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
        var suggestions = ColumnClassifier.standard().classify(table);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = AdminClient.JSON.createObjectNode();
            doc.put("sample", sample.toString());
            doc.put("encoding", table.encoding().token());
            doc.put("rowsExamined", table.rows().size());
            doc.put("truncated", table.truncated());
            ArrayNode columns = doc.putArray("columns");
            for (ColumnSuggestion s : suggestions) {
                ObjectNode c = columns.addObject();
                c.put("column", s.column());
                c.put("type", s.typeToken());
                c.put("level", s.level().map(DataLevel::wire).orElse(null));
                c.put("confidence", Math.round(s.confidence() * 1000) / 1000.0);
                c.put("matched", s.matched());
                c.put("sampled", s.sampled());
                ArrayNode others = c.putArray("alsoMatched");
                s.candidates().stream().filter(k -> s.type().map(t -> t != k.type()).orElse(true))
                        .forEach(k -> others.addObject().put("type", k.type().token()).put("matched", k.matched()));
            }
            out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.printf("%s: %d rows examined (%s)%s%n", sample, table.rows().size(), table.encoding().token(),
                    table.truncated() ? ", more not read" : "");
            out.printf("%-24s %-20s %-6s %10s  %s%n", "COLUMN", "SUGGESTED TYPE", "LEVEL", "CONFIDENCE", "MATCHED");
            for (ColumnSuggestion s : suggestions) {
                out.printf(Locale.ROOT, "%-24s %-20s %-6s %10.2f  %d/%d%n", s.column(), s.typeToken(),
                        s.level().map(DataLevel::wire).orElse("-"), s.confidence(), s.matched(), s.sampled());
            }
        }
        out.flush();
        return 0;
    }
}
