package dev.cascade.protocol.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Arrays;

/**
 * One record of a delivery: a value per column of its {@link RowSchema}, as text ({@code null} for
 * SQL NULL / JSON null / an absent JSON member). Sources convert their native types to text once, so
 * masking, watermarking and the consumer's CSV or JSON Lines output all see the same form.
 */
public record Row(List<String> values) {

    public Row {
        // Nulls are legitimate values here, which List.copyOf refuses.
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Row of(String... values) {
        return new Row(Arrays.asList(values));
    }

    public String get(int column) {
        return values.get(column);
    }

    public int size() {
        return values.size();
    }
}
