package dev.cascade.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Traces a leaked file at this owner node (decision 0019) through its admin API: the running node
 * holds the deliveries and the watermark key, and records the trace as an alert and a ledger entry.
 * Exit 0 when the file is traced to a delivery, 1 for no match or a file the node refuses (the
 * reason on stderr), 2 when the file cannot be read here.
 */
@Command(name = "trace", description = "Name the delivery (exchange, recipient department) a leaked CSV or JSON Lines file came from.")
final class TraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    DataDirOption dataDir;
    @Option(names = "--file", required = true, paramLabel = "LEAKED", description = "the leaked file: .csv, or .jsonl/.ndjson (JSON Lines)")
    Path file;
    @Option(names = "--json", description = "print the node's answer as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure("no file at " + file, CliFailure.UNUSABLE_INPUT);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage(), CliFailure.UNUSABLE_INPUT);
        }
        JsonNode report = new AdminClient(dataDir.path()).post("/admin/v1/supervision/trace", bytes, mediaType(file, bytes));
        PrintWriter out = spec.commandLine().getOut();
        boolean matched = "match".equals(report.path("verdict").asText());
        if (json) {
            out.println(report.toString());
        } else if (matched) {
            JsonNode s = report.path("suspect");
            out.printf("match: exchange %s of resource %s, delivered to department %s at node %s%n", s.path("exchangeId").asText(),
                    s.path("resourceId").asText(), s.path("consumerDepartment").asText(), s.path("consumerRegion").asText());
            out.printf("false-accusation probability %.3g (%d of %d codeword positions agree; %d rows read, %d deliveries tested)%n",
                    report.path("bestFalseAccusationProbability").asDouble(), report.path("agreeingPositions").asInt(),
                    report.path("positionsRead").asInt(), report.path("rowsRead").asLong(), report.path("candidatesTested").asInt());
            for (JsonNode also : report.path("alsoMatching")) {
                out.printf("also matching: exchange %s (department %s at node %s), probability %.3g%n", also.path("exchangeId").asText(),
                        also.path("consumerDepartment").asText(), also.path("consumerRegion").asText(),
                        also.path("falseAccusationProbability").asDouble());
            }
        } else {
            out.printf("no match among %d deliveries (%d rows read); the closest would be a false accusation with probability %.3g"
                    + " (%d of %d positions agree)%n", report.path("candidatesTested").asInt(), report.path("rowsRead").asLong(),
                    report.path("bestFalseAccusationProbability").asDouble(), report.path("agreeingPositions").asInt(),
                    report.path("positionsRead").asInt());
        }
        out.flush();
        return matched ? 0 : 1;
    }

    /** By extension, else by the first character: JSON Lines start with an object. */
    static String mediaType(Path file, byte[] bytes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return "application/x-ndjson";
        }
        for (byte b : bytes) {
            if (b == '{') {
                return "application/x-ndjson";
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                break;
            }
        }
        return "text/csv";
    }
}
