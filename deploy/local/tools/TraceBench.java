// The leak-tracing benchmark (decision 0019): run by deploy/local/bench.sh trace with the node's own
// classes on the class path; pure computation, no node. Prints one JSON object.
//
//   java -cp 'quarkus-app/lib/main/*' TraceBench.java [GAMMA] [TRIALS]
//
// 1. Trace time: a leaked copy of a whole 1,000-row delivery (read from CSV text) against 1,000
//    deliveries of the same resource, each with its own mark: votes are collected once, then every
//    candidate is scored (LeakTrace.trace). Median of 5 runs after 2 warm-ups.
// 2. Rows needed: for a copy of n rows drawn at random from one recipient's delivery, among 1,000
//    candidate recipients, the share of TRIALS copies that name the right recipient at a corrected
//    false-accusation probability <= 1e-6; the same number of unmarked copies count the false
//    accusations actually made. rows_to_identify_1_of_1000 = the smallest n on the grid at which at
//    least 95 % of copies are traced.
//
// The rows: a unique 18-character identity column, a name, an amount with two decimals (about one
// value in ten ends in 0 and carries nothing), and a date-time with seconds, as a typical delivery.

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import dev.cascade.protocol.watermark.Carrier;
import dev.cascade.protocol.watermark.LeakTrace;
import dev.cascade.protocol.watermark.WatermarkKey;
import dev.cascade.protocol.watermark.WatermarkLayout;
import dev.cascade.protocol.watermark.Watermarker;

public class TraceBench {

    static final RowSchema SCHEMA = new RowSchema(List.of("id_no", "name", "amount", "paid_at"));
    static final int CANDIDATES = 1_000;
    static final int[] GRID = {50, 75, 100, 125, 150, 175, 200, 225, 250, 300, 350, 400, 500};

    public static void main(String[] args) {
        int gamma = args.length > 0 ? Integer.parseInt(args[0]) : WatermarkLayout.DEFAULT_GAMMA;
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Random random = new Random(20261207L);
        byte[] material = new byte[WatermarkKey.LENGTH];
        random.nextBytes(material);
        WatermarkKey key = WatermarkKey.of(material);
        WatermarkLayout layout = new WatermarkLayout(List.of("id_no"),
                Map.of("amount", Carrier.DECIMAL_LAST_DIGIT, "paid_at", Carrier.DATETIME_SECOND), gamma);
        List<Row> source = rows(50_000, random);

        // 1. Trace time over 1,000 deliveries of 1,000 rows.
        List<LeakTrace.Candidate<Integer>> deliveries = candidates(layout, random);
        int leaker = 613;
        Watermarker marker = new Watermarker(key, layout, SCHEMA, deliveries.get(leaker).markId());
        byte[] csv = csv(source.subList(0, 1_000).stream().map(marker::embed).toList());
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < 7; run++) {
            long t0 = System.nanoTime();
            List<Row> leaked = parse(csv);
            LeakTrace.Verdict<Integer> verdict = LeakTrace.trace(key, SCHEMA, leaked, deliveries, LeakTrace.DEFAULT_ALPHA);
            long t1 = System.nanoTime();
            if (!(verdict instanceof LeakTrace.Verdict.Traced<Integer> t) || t.best().delivery() != leaker) {
                throw new IllegalStateException("the whole delivery did not trace to its recipient: " + verdict);
            }
            if (run >= 2) {
                millis.add((t1 - t0) / 1_000_000);
            }
        }
        Collections.sort(millis);
        double traceSeconds = millis.get(millis.size() / 2) / 1000.0;

        // 2. Detection rate and false accusations against the number of leaked rows.
        StringBuilder curve = new StringBuilder();
        Integer needed = null;
        for (int n : GRID) {
            int traced = 0;
            int wrong = 0;
            int accusedUnmarked = 0;
            for (int trial = 0; trial < trials; trial++) {
                List<LeakTrace.Candidate<Integer>> cands = candidates(layout, random);
                int who = random.nextInt(CANDIDATES);
                Watermarker m = new Watermarker(key, layout, SCHEMA, cands.get(who).markId());
                List<Row> subset = sample(source, n, random);
                LeakTrace.Verdict<Integer> v = LeakTrace.trace(key, SCHEMA, subset.stream().map(m::embed).toList(), cands,
                        LeakTrace.DEFAULT_ALPHA);
                if (v instanceof LeakTrace.Verdict.Traced<Integer> t) {
                    if (t.best().delivery() == who) {
                        traced++;
                    } else {
                        wrong++;
                    }
                }
                if (LeakTrace.trace(key, SCHEMA, sample(source, n, random), cands, LeakTrace.DEFAULT_ALPHA)
                        instanceof LeakTrace.Verdict.Traced) {
                    accusedUnmarked++;
                }
            }
            double rate = (double) traced / trials;
            if (needed == null && rate >= 0.95) {
                needed = n;
            }
            curve.append(curve.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"rows\":%d,\"detection_rate\":%.3f,\"wrong_recipient_named\":%d,\"unmarked_copies_accused\":%d}",
                    n, rate, wrong, accusedUnmarked));
        }
        System.out.printf(Locale.ROOT, "{\"benchmark\":\"trace\",\"machine\":{\"cores\":%d},\"gamma\":%d,\"trials_per_point\":%d,"
                        + "\"false_accusation_bound\":%s,\"trace_scope\":\"in memory: CSV parsed, votes collected, 1,000 candidates"
                        + " scored; the node's read of its exchange table is timed by DeliveredMarksTest\","
                        + "\"trace_seconds_1000_deliveries\":%.3f,\"rows_to_identify_1_of_1000\":%s,"
                        + "\"curve\":[%s]}%n",
                Runtime.getRuntime().availableProcessors(), gamma, trials, LeakTrace.DEFAULT_ALPHA, traceSeconds,
                needed == null ? "null" : needed.toString(), curve);
    }

    static List<LeakTrace.Candidate<Integer>> candidates(WatermarkLayout layout, Random random) {
        List<LeakTrace.Candidate<Integer>> out = new ArrayList<>(CANDIDATES);
        for (int i = 0; i < CANDIDATES; i++) {
            out.add(new LeakTrace.Candidate<>(i, random.nextLong(), layout));
        }
        return out;
    }

    static List<Row> sample(List<Row> rows, int n, Random random) {
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Distinct rows: a leaked copy repeats none.
            out.add(rows.get((int) (((long) random.nextInt(rows.size() / n)) * n + i)));
        }
        Collections.shuffle(out, random);
        return out;
    }

    static List<Row> rows(int count, Random random) {
        List<Row> rows = new ArrayList<>(count);
        LocalDateTime start = LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < count; i++) {
            String id = String.format("44010619%02d%02d%02d%03d%c", 50 + random.nextInt(50), 1 + random.nextInt(12),
                    1 + random.nextInt(28), i % 1000, "0123456789X".charAt(random.nextInt(11)));
            rows.add(Row.of(id + i, "name-" + random.nextInt(100_000), String.format(Locale.ROOT, "%d.%02d",
                    random.nextInt(100_000), random.nextInt(100)), start.plusSeconds(random.nextInt(150_000_000)).toString()
                    .replace('T', ' ')));
        }
        return rows;
    }

    static byte[] csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", SCHEMA.columns())).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.values())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<Row> parse(byte[] csv) {
        String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
        List<Row> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            rows.add(new Row(List.of(lines[i].split(",", -1))));
        }
        return rows;
    }
}
