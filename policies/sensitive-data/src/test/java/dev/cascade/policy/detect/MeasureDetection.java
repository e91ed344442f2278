package dev.cascade.policy.detect;

/**
 * Prints {@link DetectionFigures} for the standard detectors as one JSON object.
 * Arguments (optional): the corpus seed and the number of valid values per type, defaulting to
 * {@link LabelledCorpus#DEFAULT_SEED} and {@link LabelledCorpus#DEFAULT_POSITIVES_PER_TYPE}, the
 * corpus the documented figures and the goal test use.
 */
public final class MeasureDetection {

    private MeasureDetection() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : LabelledCorpus.DEFAULT_SEED;
        int perType = args.length > 1 ? Integer.parseInt(args[1]) : LabelledCorpus.DEFAULT_POSITIVES_PER_TYPE;
        System.out.println(DetectionFigures.measure(Detectors.standard(), seed, perType).toJson());
    }
}
