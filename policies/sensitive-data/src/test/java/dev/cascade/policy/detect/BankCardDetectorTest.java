package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BankCardDetectorTest {

    private final BankCardDetector detector = new BankCardDetector();

    /** The card schemes' published test numbers. */
    @ParameterizedTest
    @ValueSource(strings = {
            "6200000000000005",      // UnionPay, 16 digits
            "6205500000000000004",   // UnionPay, 19 digits
            "4111111111111111",      // Visa
            "5555555555554444",      // Mastercard
            "2223003122003222",      // Mastercard 2-series
            "378282246310005",       // American Express
            "3566002020360505",      // JCB
            "36227206271667",        // Diners Club
            "6200 0000 0000 0005",   // grouped as printed
            "6205-5000-0000-0000-004"})
    void acceptsValidCardNumbers(String pan) {
        assertThat(detector.matches(pan)).isTrue();
    }

    @Test
    void rejectsAFailingLuhnCheck() {
        assertThat(detector.matches("4111111111111112")).isFalse();
        assertThat(detector.matches("6200000000000006")).isFalse();
        assertThat(detector.matches("6205500000000000005")).isFalse();
    }

    @Test
    void rejectsLuhnValidNumbersNoSchemeIssues() {
        assertThat(detector.matches("1234567812345670")).as("prefix 1").isFalse();
        assertThat(detector.matches("202403151234567895")).as("a date-stamped order number").isFalse();
        assertThat(detector.matches("621234567892")).as("12 digits").isFalse();
        assertThat(detector.matches("62123456789012345676")).as("20 digits").isFalse();
        assertThat(detector.matches(LabelledCorpus.luhnComplete("378282246310005"))).as("Amex has 15 digits").isFalse();
    }

    @Test
    void leavesAValidGansuCitizenIdToTheCitizenIdDetectorEvenWhenLuhnPasses() {
        String gansuId = "620102199001010257";
        assertThat(BankCardDetector.luhnValid(gansuId)).isTrue();
        assertThat(new CitizenIdDetector().matches(gansuId)).isTrue();
        assertThat(detector.matches(gansuId)).isFalse();
        // The same digits with an ID check character that is wrong are no longer an ID.
        assertThat(detector.matches("620102199001010240")).isTrue();
    }

    @Test
    void computesLuhnCheckDigitsLikeTheIndependentCorpusImplementation() {
        for (String body : new String[] {"620000000000000", "411111111111111", "62055000000000000", "3782822463100"}) {
            assertThat(body + BankCardDetector.luhnCheckDigit(body)).isEqualTo(LabelledCorpus.luhnComplete(body));
        }
    }
}
