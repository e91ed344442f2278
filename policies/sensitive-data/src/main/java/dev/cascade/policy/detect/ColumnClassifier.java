package dev.cascade.policy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Suggests a {@link SensitiveType} for a column from a sample of its values.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>Blank values are dropped; the rest are the <em>sampled</em> values. Every detector is run
 *       on each; a type's <em>share</em> is the sum of {@link Detector#evidence} over the sample
 *       divided by its size (a plain match counts 1, a weak form such as a Latin-script name less).</li>
 *   <li>A column name that hints at the type ({@code 身份证号}, {@code mobile}, {@code 地址}…) adds
 *       {@value #NAME_HINT_BONUS} to its confidence, but only once the values themselves give a share
 *       of at least {@value #NAME_HINT_MIN_SHARE}: a name never produces a suggestion by itself.</li>
 *   <li>Types whose confidence reaches {@value #SUGGESTION_THRESHOLD} are eligible. Among those
 *       within {@value #NEAR_TIE} of the best, the strongest {@link DetectionBasis} wins (checksum
 *       over format over heuristic), then the higher confidence, then {@link SensitiveType} order.</li>
 *   <li>With nothing eligible the suggestion is "none", with the share of values no detector
 *       accepted as its confidence.</li>
 * </ol>
 * The threshold tolerates blanks and a few dirty values (a 10 % typo rate still labels the
 * column) while a column that is half order numbers and half phone numbers is left to a person.
 */
public final class ColumnClassifier {

    public static final double SUGGESTION_THRESHOLD = 0.6;
    public static final double NAME_HINT_BONUS = 0.15;
    public static final double NAME_HINT_MIN_SHARE = 0.3;
    public static final double NEAR_TIE = 0.05;

    /** Shares are ratios of small counts; compare them with this slack so 19/20 is "within 0.05 of 1". */
    private static final double ROUNDING = 1e-9;

    private final Detectors detectors;

    public ColumnClassifier(Detectors detectors) {
        this.detectors = detectors;
    }

    public static ColumnClassifier standard() {
        return new ColumnClassifier(Detectors.standard());
    }

    /** One suggestion per column of {@code table}, in column order. */
    public List<ColumnSuggestion> classify(SampleTable table) {
        List<ColumnSuggestion> suggestions = new ArrayList<>(table.header().size());
        for (int i = 0; i < table.header().size(); i++) {
            suggestions.add(classify(table.header().get(i), table.column(i)));
        }
        return suggestions;
    }

    public ColumnSuggestion classify(String columnName, List<String> samples) {
        List<Detector> all = detectors.all();
        int types = all.size();
        double[] evidence = new double[types];
        int[] matched = new int[types];
        int sampled = 0;
        int unmatched = 0;
        for (String sample : samples) {
            if (ValueText.fold(sample).isEmpty()) {
                continue;
            }
            sampled++;
            boolean any = false;
            for (int t = 0; t < types; t++) {
                double e = all.get(t).evidence(sample);
                if (e > 0) {
                    evidence[t] += e;
                    matched[t]++;
                    any = true;
                }
            }
            if (!any) {
                unmatched++;
            }
        }
        if (sampled == 0) {
            return new ColumnSuggestion(columnName, Optional.empty(), 0, 0, 0, List.of());
        }
        Set<SensitiveType> hinted = ColumnHints.hintedBy(columnName);
        List<ColumnSuggestion.Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < types; t++) {
            if (matched[t] == 0) {
                continue;
            }
            SensitiveType type = all.get(t).type();
            double share = evidence[t] / sampled;
            boolean hint = hinted.contains(type) && share >= NAME_HINT_MIN_SHARE;
            double confidence = hint ? Math.min(1.0, share + NAME_HINT_BONUS) : share;
            candidates.add(new ColumnSuggestion.Candidate(type, matched[t], share, confidence, hint));
        }
        candidates.sort(Comparator.comparingDouble(ColumnSuggestion.Candidate::confidence).reversed()
                .thenComparing(c -> c.type().basis())
                .thenComparing(ColumnSuggestion.Candidate::type));
        return choose(columnName, sampled, unmatched, candidates);
    }

    private static ColumnSuggestion choose(String column, int sampled, int unmatched,
                                           List<ColumnSuggestion.Candidate> candidates) {
        if (candidates.isEmpty() || candidates.get(0).confidence() < SUGGESTION_THRESHOLD - ROUNDING) {
            return new ColumnSuggestion(column, Optional.empty(), (double) unmatched / sampled, sampled, unmatched,
                    candidates);
        }
        double best = candidates.get(0).confidence();
        ColumnSuggestion.Candidate chosen = candidates.get(0);
        for (ColumnSuggestion.Candidate c : candidates) {
            if (c.confidence() < SUGGESTION_THRESHOLD - ROUNDING || c.confidence() < best - NEAR_TIE - ROUNDING) {
                break;
            }
            if (c.type().basis().strongerThan(chosen.type().basis())) {
                chosen = c;
            }
        }
        return new ColumnSuggestion(column, Optional.of(chosen.type()), chosen.confidence(), sampled,
                chosen.matched(), candidates);
    }
}
