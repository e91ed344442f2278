package dev.cascade.node.classify;

import java.util.List;

import dev.cascade.policy.detect.ColumnClassifier;
import dev.cascade.policy.detect.ColumnSuggestion;
import dev.cascade.policy.detect.SampleTable;
import dev.cascade.protocol.catalog.DataLevel;

/**
 * What the classifier suggests for a sample, in the one shape both {@code cascade-node classify --json}
 * and {@code POST /api/v1/classify} answer with, so a script written against one reads the other.
 *
 * @param encoding     how the sample was decoded ({@code utf-8} or {@code gbk})
 * @param rowsExamined data rows the classifier saw
 * @param truncated    true when the sample has rows beyond those examined
 * @param columns      one suggestion per column, in sample order
 */
public record ClassifiedSample(String encoding, int rowsExamined, boolean truncated, List<Column> columns) {

    /** The rows a classification examines unless told otherwise: enough to be sure, quick to read. */
    public static final int DEFAULT_ROWS = 1000;

    /**
     * @param type        the suggested type's token, or {@value ColumnSuggestion#NONE}
     * @param level       the level the type calls for ({@code L1}..{@code L4}), null for none
     * @param confidence  in [0, 1], rounded to three places
     * @param alsoMatched every other type that accepted at least one value, most confident first
     */
    public record Column(String column, String type, String level, double confidence, int matched, int sampled,
                         List<Candidate> alsoMatched) {
    }

    public record Candidate(String type, int matched) {
    }

    /** Classifies every column of {@code table} with the standard detectors. */
    public static ClassifiedSample of(SampleTable table) {
        List<Column> columns = ColumnClassifier.standard().classify(table).stream().map(ClassifiedSample::column).toList();
        return new ClassifiedSample(table.encoding().token(), table.rows().size(), table.truncated(), columns);
    }

    private static Column column(ColumnSuggestion s) {
        List<Candidate> others = s.candidates().stream()
                .filter(k -> s.type().map(t -> t != k.type()).orElse(true))
                .map(k -> new Candidate(k.type().token(), k.matched()))
                .toList();
        return new Column(s.column(), s.typeToken(), s.level().map(DataLevel::wire).orElse(null),
                Math.round(s.confidence() * 1000) / 1000.0, s.matched(), s.sampled(), others);
    }
}
