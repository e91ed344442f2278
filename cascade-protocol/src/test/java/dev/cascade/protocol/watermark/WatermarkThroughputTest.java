package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.exchange.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints the single-thread embedding rate on ~200-byte rows. A figure for docs/benchmarks.md, not
 * a timed assertion: the build machine is shared, so a time limit would only make the build flaky.
 */
class WatermarkThroughputTest {

    @Test
    void prints_embedded_rows_per_second_on_a_single_thread() {
        List<Row> rows = Deliveries.rows(100_000, 9);
        double averageBytes = rows.stream().flatMap(r -> r.values().stream())
                .mapToInt(v -> v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length + 1).sum() / (double) rows.size();
        Watermarker marker = new Watermarker(Deliveries.key(1), Deliveries.LAYOUT, Deliveries.SCHEMA, 77);

        long changed = 0;
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            changed = embedAll(marker, rows);
        }
        int passes = 10;
        long start = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            embedAll(marker, rows);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf(Locale.ROOT, "watermark embed: %.0f rows/s (%d rows of %.0f bytes, %.2f s, %d changed per 100k)%n",
                passes * rows.size() / seconds, passes * rows.size(), averageBytes, seconds, changed);
        assertThat(changed).isPositive();
    }

    private static long embedAll(Watermarker marker, List<Row> rows) {
        long changed = 0;
        for (Row row : rows) {
            changed += marker.embed(row) != row ? 1 : 0;
        }
        return changed;
    }
}
