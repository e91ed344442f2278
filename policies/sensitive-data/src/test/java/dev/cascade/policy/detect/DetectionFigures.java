package dev.cascade.policy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision and recall of every detector over one labelled corpus: the figures the goals
 * are stated in (checksum types: precision ≥ 0.99, recall ≥ 0.98) and that
 * {@code docs/policies/sensitive-data.md} reports.
 *
 * @param seed             the corpus seed ({@link LabelledCorpus#generate})
 * @param positivesPerType valid values generated per type
 * @param values           corpus size: positives, hard negatives and ordinary values
 * @param types            one entry per {@link SensitiveType}, in enum order
 */
public record DetectionFigures(long seed, int positivesPerType, int values, List<TypeFigures> types) {

    public DetectionFigures {
        types = List.copyOf(types);
    }

    /** Generates the corpus for {@code seed} and measures {@code detectors} on it. */
    public static DetectionFigures measure(Detectors detectors, long seed, int positivesPerType) {
        List<LabelledValue> corpus = LabelledCorpus.generate(seed, positivesPerType);
        List<TypeFigures> figures = new ArrayList<>();
        for (SensitiveType type : SensitiveType.values()) {
            figures.add(measure(detectors.forType(type), corpus));
        }
        return new DetectionFigures(seed, positivesPerType, corpus.size(), figures);
    }

    static TypeFigures measure(Detector detector, List<LabelledValue> corpus) {
        SensitiveType type = detector.type();
        int positives = 0;
        int truePositives = 0;
        int falsePositives = 0;
        Map<String, Integer> fpKinds = new TreeMap<>();
        Map<String, Integer> fnKinds = new TreeMap<>();
        for (LabelledValue v : corpus) {
            boolean isType = v.truth().isPresent() && v.truth().get() == type;
            boolean said = detector.matches(v.value());
            if (isType) {
                positives++;
                if (said) {
                    truePositives++;
                } else {
                    fnKinds.merge(v.kind(), 1, Integer::sum);
                }
            } else if (said) {
                falsePositives++;
                fpKinds.merge(v.kind(), 1, Integer::sum);
            }
        }
        return new TypeFigures(type, positives, truePositives, falsePositives, fpKinds, fnKinds);
    }

    public TypeFigures of(SensitiveType type) {
        for (TypeFigures f : types) {
            if (f.type() == type) {
                return f;
            }
        }
        throw new IllegalArgumentException("no figures for " + type.token());
    }

    /** One JSON object: the corpus parameters and, per type token, counts, precision and recall. */
    public String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"seed\": ").append(seed)
                .append(",\n  \"positivesPerType\": ").append(positivesPerType)
                .append(",\n  \"values\": ").append(values)
                .append(",\n  \"types\": {");
        for (int i = 0; i < types.size(); i++) {
            TypeFigures f = types.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    \"").append(f.type().token()).append("\": {")
                    .append("\"basis\": \"").append(f.type().basis().name().toLowerCase(Locale.ROOT)).append('"')
                    .append(", \"positives\": ").append(f.positives())
                    .append(", \"truePositives\": ").append(f.truePositives())
                    .append(", \"falsePositives\": ").append(f.falsePositives())
                    .append(", \"falseNegatives\": ").append(f.falseNegatives())
                    .append(", \"precision\": ").append(String.format(Locale.ROOT, "%.4f", f.precision()))
                    .append(", \"recall\": ").append(String.format(Locale.ROOT, "%.4f", f.recall()))
                    .append(", \"falsePositiveKinds\": ").append(jsonCounts(f.falsePositiveKinds()))
                    .append(", \"falseNegativeKinds\": ").append(jsonCounts(f.falseNegativeKinds()))
                    .append('}');
        }
        return json.append("\n  }\n}").toString();
    }

    /** Kinds are generated ASCII tokens ("not-bank-card/luhn-fails"): nothing to escape. */
    private static String jsonCounts(Map<String, Integer> counts) {
        StringBuilder s = new StringBuilder("{");
        new TreeMap<>(counts).forEach((kind, n) -> s.append(s.length() == 1 ? "" : ", ")
                .append('"').append(kind).append("\": ").append(n));
        return s.append('}').toString();
    }
}
