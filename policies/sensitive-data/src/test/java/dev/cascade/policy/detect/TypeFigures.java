package dev.cascade.policy.detect;

import java.util.Map;

/**
 * How one detector did on a labelled corpus. A value counts as a positive for the type it is
 * labelled with; the detector's yes on a value of another type, or of none, is a false positive.
 *
 * @param falsePositiveKinds corpus kinds of the false positives, with counts
 * @param falseNegativeKinds corpus kinds of the missed positives, with counts
 */
public record TypeFigures(SensitiveType type, int positives, int truePositives, int falsePositives,
                          Map<String, Integer> falsePositiveKinds, Map<String, Integer> falseNegativeKinds) {

    public TypeFigures {
        falsePositiveKinds = Map.copyOf(falsePositiveKinds);
        falseNegativeKinds = Map.copyOf(falseNegativeKinds);
    }

    public int falseNegatives() {
        return positives - truePositives;
    }

    /** TP / (TP + FP); 1 when the detector said yes to nothing (it claimed nothing wrongly). */
    public double precision() {
        int claimed = truePositives + falsePositives;
        return claimed == 0 ? 1.0 : (double) truePositives / claimed;
    }

    /** TP / positives; 1 when the corpus holds no value of the type. */
    public double recall() {
        return positives == 0 ? 1.0 : (double) truePositives / positives;
    }
}
