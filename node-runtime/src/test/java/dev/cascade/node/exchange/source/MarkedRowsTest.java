package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

class MarkedRowsTest {

    /** Rows (id, modified) in the update column's order, as the increment's statement returns them. */
    private static MarkedRows rows(Optional<String> start, String... modified) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < modified.length; i++) {
            rows.add(Row.of(String.valueOf(i + 1), modified[i]));
        }
        Iterator<Row> it = rows.iterator();
        RowSource raw = new RowSource() {
            @Override
            public RowSchema schema() {
                return new RowSchema(List.of("id", "modified"));
            }

            @Override
            public Optional<Row> next() {
                return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        return new MarkedRows(raw, "modified", start);
    }

    private static List<String> take(MarkedRows rows, int limit) {
        List<String> ids = new ArrayList<>();
        for (Optional<Row> r; ids.size() < limit && (r = rows.next()).isPresent(); ) {
            ids.add(r.get().get(0));
        }
        return ids;
    }

    @Test
    void readToTheEndTheMarkIsTheLastValue() {
        MarkedRows rows = rows(Optional.of("10"), "11", "12", "12", "15");
        assertThat(take(rows, 100)).containsExactly("1", "2", "3", "4");
        assertThat(rows.reached()).contains("15");
    }

    @Test
    void nothingChangedLeavesTheMarkWhereItWas() {
        assertThat(rows(Optional.of("10")).reached()).contains("10");
        MarkedRows none = rows(Optional.empty());
        assertThat(take(none, 5)).isEmpty();
        assertThat(none.reached()).isEmpty();
    }

    @Test
    void cutBetweenTwoValuesTheMarkIsTheLastDelivered() {
        MarkedRows rows = rows(Optional.of("10"), "11", "12", "13");
        assertThat(take(rows, 2)).containsExactly("1", "2");
        assertThat(rows.reached()).contains("12");
    }

    @Test
    void cutInsideARunTheMarkStaysBeforeTheRunSoItsRowsComeAgainRatherThanBeLost() {
        MarkedRows rows = rows(Optional.of("10"), "11", "12", "12", "12");
        assertThat(take(rows, 2)).containsExactly("1", "2");
        assertThat(rows.reached()).contains("11");
    }

    @Test
    void aRunLongerThanTheCutCanOnlyBePassed() {
        MarkedRows rows = rows(Optional.of("10"), "12", "12", "12");
        assertThat(take(rows, 2)).containsExactly("1", "2");
        assertThat(rows.reached()).contains("12");
    }
}
