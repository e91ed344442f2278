package dev.cascade.policy.detect;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's goal, on the documented corpus: the checksum types reach precision ≥ 0.99 and
 * recall ≥ 0.98 over at least 10,000 valid values each, among their hard negatives and the values
 * of every other type.
 */
class DetectionFiguresTest {

    private static final Set<SensitiveType> CHECKSUM_TYPES =
            EnumSet.of(SensitiveType.CITIZEN_ID, SensitiveType.SOCIAL_CREDIT_CODE, SensitiveType.BANK_CARD);

    private static DetectionFigures figures;

    @BeforeAll
    static void measure() {
        figures = DetectionFigures.measure(Detectors.standard(), LabelledCorpus.DEFAULT_SEED,
                LabelledCorpus.DEFAULT_POSITIVES_PER_TYPE);
    }

    @Test
    void checksumTypesReachTheIssuesPrecisionAndRecall() {
        for (SensitiveType type : CHECKSUM_TYPES) {
            TypeFigures f = figures.of(type);
            assertThat(f.positives()).as(type.token()).isGreaterThanOrEqualTo(10_000);
            assertThat(f.precision()).as(type.token() + " precision").isGreaterThanOrEqualTo(0.99);
            assertThat(f.recall()).as(type.token() + " recall").isGreaterThanOrEqualTo(0.98);
        }
    }

    @Test
    void noValueWithABadCheckCharacterIsAccepted() {
        assertThat(figures.of(SensitiveType.CITIZEN_ID).falsePositiveKinds()).doesNotContainKey("not-citizen-id/wrong-check");
        assertThat(figures.of(SensitiveType.SOCIAL_CREDIT_CODE).falsePositiveKinds())
                .doesNotContainKey("not-social-credit-code/wrong-check");
        assertThat(figures.of(SensitiveType.BANK_CARD).falsePositiveKinds()).doesNotContainKey("not-bank-card/luhn-fails");
    }

    @Test
    void everyTypeIsMeasured() {
        assertThat(figures.types()).extracting(TypeFigures::type).containsExactly(SensitiveType.values());
        assertThat(figures.toJson()).contains("\"citizen-id\": {\"basis\": \"checksum\", \"positives\": 10000");
    }

    @Test
    void countsTruePositivesFalsePositivesAndMisses() {
        List<LabelledValue> corpus = List.of(
                LabelledValue.positive(SensitiveType.MOBILE, "t", "13812345678"),
                LabelledValue.positive(SensitiveType.MOBILE, "t", "15412345678"),
                LabelledValue.negative("not-mobile", "t", "13912345678"),
                LabelledValue.positive(SensitiveType.EMAIL, "t", "a@b.cn"));

        TypeFigures f = DetectionFigures.measure(new MobileNumberDetector(), corpus);

        assertThat(f.positives()).isEqualTo(2);
        assertThat(f.truePositives()).isEqualTo(1);
        assertThat(f.falsePositives()).isEqualTo(1);
        assertThat(f.falseNegatives()).isEqualTo(1);
        assertThat(f.precision()).isEqualTo(0.5);
        assertThat(f.recall()).isEqualTo(0.5);
        assertThat(f.falseNegativeKinds()).containsEntry("mobile/t", 1);
    }
}
