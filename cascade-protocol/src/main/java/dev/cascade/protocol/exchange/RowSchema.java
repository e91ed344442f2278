package dev.cascade.protocol.exchange;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The columns of a tabular source or delivery, in order. Every {@link Row} of a stream has exactly
 * one value per column.
 */
public record RowSchema(List<String> columns) {

    public RowSchema {
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            Objects.requireNonNull(c, "column name");
            if (!seen.add(c)) {
                throw new IllegalArgumentException("column '" + c + "' appears twice");
            }
        }
    }

    public int size() {
        return columns.size();
    }

    public OptionalInt indexOf(String column) {
        int i = columns.indexOf(column);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
