package dev.cascade.protocol.watermark;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which of a node's deliveries a leaked copy came from (decision 0019): every delivery whose
 * watermark the copy can be tested against is a candidate, each is scored with
 * {@link WatermarkDetector#match}, and the best is accused only if its false-accusation
 * probability, Bonferroni-corrected by the number of candidates tested, is at most α.
 *
 * <p>Why this is cheap: which rows carry a bit, at which codeword position and with which pad
 * depends on the key, the layout and the row's identity only, never on the recipient
 * ({@link RowSelector}). So the copy's votes are collected once per distinct layout (normally
 * one per resource and field selection), and each candidate costs one codeword (five HMAC-SM3)
 * and a 96-position comparison.
 *
 * <p>A candidate is testable only if the copy still has all its identity columns and at least one
 * carrier column; the others cannot have their mark read, so they are neither scored nor counted
 * in the correction.
 */
public final class LeakTrace {

    /** One family-wise false-accusation bound for every trace: one in a million. */
    public static final double DEFAULT_ALPHA = 1e-6;

    private LeakTrace() {}

    /**
     * A delivery that may have leaked: the mark its rows carry and where they carry it.
     *
     * @param delivery what the caller names the delivery by (an exchange and its recipient)
     */
    public record Candidate<D>(D delivery, long markId, WatermarkLayout layout) {
        public Candidate {
            Objects.requireNonNull(delivery, "delivery");
            Objects.requireNonNull(layout, "layout");
        }
    }

    /**
     * One candidate's score; {@code match.falsePositiveProbability()} is already multiplied by the
     * number of candidates tested, i.e. it is the probability of accusing some innocent recipient.
     *
     * @param votes votes the copy cast under this candidate's layout (rows selected and readable)
     */
    public record Scored<D>(D delivery, CandidateMatch match, long votes) {}

    /** The outcome of a trace. */
    public sealed interface Verdict<D> {

        /** Rows read from the copy. */
        long rows();

        /** Candidates the copy could be tested against (the Bonferroni factor). */
        int tested();

        /**
         * The best candidate explains the copy at the chosen α. {@code alsoMatching} lists any other
         * candidate that does too, which suggests a copy merged from several recipients' rows.
         */
        record Traced<D>(Scored<D> best, List<Scored<D>> alsoMatching, long rows, int tested) implements Verdict<D> {
            public Traced {
                Objects.requireNonNull(best, "best");
                alsoMatching = List.copyOf(alsoMatching);
            }
        }

        /**
         * No candidate explains the copy at α: unmarked, marked by another node, or too few rows.
         * {@code best} is the highest-scoring candidate, whose corrected probability says how far
         * it was from an accusation.
         */
        record NoMatch<D>(Scored<D> best, long rows, int tested) implements Verdict<D> {
            public NoMatch {
                Objects.requireNonNull(best, "best");
            }
        }

        /** No candidate's identity columns and carrier columns are all in the copy: nothing could be tested. */
        record Untestable<D>(long rows, int candidates) implements Verdict<D> {
            @Override
            public int tested() {
                return 0;
            }
        }
    }

    /**
     * Traces a copy whose columns are {@code schema} against {@code candidates}.
     *
     * @param alpha the family-wise false-accusation probability above which nobody is accused
     * @throws IllegalArgumentException when a row does not have one value per schema column
     */
    public static <D> Verdict<D> trace(WatermarkKey key, RowSchema schema, List<Row> rows,
                                       Collection<Candidate<D>> candidates, double alpha) {
        Objects.requireNonNull(key, "key");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), not " + alpha);
        }
        List<Candidate<D>> testable = candidates.stream().filter(c -> readable(schema, c.layout())).toList();
        if (testable.isEmpty()) {
            return new Verdict.Untestable<>(rows.size(), candidates.size());
        }
        Map<WatermarkLayout, WatermarkDetector> detectors = new LinkedHashMap<>();
        Map<WatermarkLayout, Votes> votes = new LinkedHashMap<>();
        for (Candidate<D> c : testable) {
            votes.computeIfAbsent(c.layout(), layout -> detectors
                    .computeIfAbsent(layout, l -> new WatermarkDetector(key, l)).collect(schema, rows));
        }
        int tested = testable.size();
        List<Scored<D>> scored = new ArrayList<>(tested);
        for (Candidate<D> c : testable) {
            Votes v = votes.get(c.layout());
            CandidateMatch m = detectors.get(c.layout()).match(v, c.markId());
            double corrected = Math.min(1.0, m.falsePositiveProbability() * tested);
            scored.add(new Scored<>(c.delivery(),
                    new CandidateMatch(m.markId(), m.agreeing(), m.positionsRead(), corrected), v.votes()));
        }
        scored.sort(Comparator.<Scored<D>>comparingDouble(s -> s.match().falsePositiveProbability())
                .thenComparing(s -> s.match().agreeing(), Comparator.reverseOrder()));
        Scored<D> best = scored.get(0);
        if (!best.match().matches(alpha)) {
            return new Verdict.NoMatch<>(best, rows.size(), tested);
        }
        List<Scored<D>> also = scored.subList(1, scored.size()).stream().filter(s -> s.match().matches(alpha)).toList();
        return new Verdict.Traced<>(best, also, rows.size(), tested);
    }

    private static boolean readable(RowSchema schema, WatermarkLayout layout) {
        return layout.identityColumns().stream().allMatch(c -> schema.indexOf(c).isPresent())
                && layout.carriers().keySet().stream().anyMatch(c -> schema.indexOf(c).isPresent());
    }
}
