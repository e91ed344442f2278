package dev.cascade.policy.detect;

import dev.cascade.protocol.catalog.DataLevel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ColumnClassifier} suggests for one column.
 *
 * @param column     the column's name as given
 * @param type       the suggested type, or empty for "none"
 * @param confidence in [0, 1]: for a type, its share of the non-empty samples (weighted by
 *                   {@link Detector#evidence}), raised modestly by a column-name hint; for "none",
 *                   the share of non-empty samples no detector accepted
 * @param sampled    non-empty values examined
 * @param matched    of those, values the suggested type's detector accepted; for "none", values
 *                   no detector accepted
 * @param candidates every type that accepted at least one sample, most confident first, so a
 *                   reviewer sees what else the column might be
 */
public record ColumnSuggestion(String column, Optional<SensitiveType> type, double confidence, int sampled,
                               int matched, List<Candidate> candidates) {

    /** The string "none" reports use when no type was suggested. */
    public static final String NONE = "none";

    public ColumnSuggestion {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        candidates = List.copyOf(candidates);
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence " + confidence + " is outside [0, 1]");
        }
    }

    /** How strongly one type is supported by a column's samples. */
    public record Candidate(SensitiveType type, int matched, double share, double confidence, boolean hinted) {
    }

    /** The suggested type's token, or {@link #NONE}. */
    public String typeToken() {
        return type.map(SensitiveType::token).orElse(NONE);
    }

    /** The level the suggested type calls for; empty for "none". */
    public Optional<DataLevel> level() {
        return type.map(SensitiveType::level);
    }

    public boolean isSensitive() {
        return type.isPresent();
    }
}
