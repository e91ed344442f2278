package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SocialCreditCodeDetectorTest {

    private final SocialCreditCodeDetector detector = new SocialCreditCodeDetector();

    /** Codes printed on well-known companies' business licences, so public and real. */
    @ParameterizedTest
    @ValueSource(strings = {"914403001922038216", "91440300708461136T", "91330100716105852F"})
    void acceptsRealCodes(String code) {
        assertThat(detector.matches(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "91100000MA0001234F",     // national registration authority region 100000, "MA" subject identifier
            "52110000500000001B",     // 民政, 民办非企业单位, Beijing
            "N2440300MA5F12345H",     // 农业农村, 村级集体经济组织
            "917100007084611363",     // a province-level region (71)
            "91440300708461136t",     // lower case
            "9144 0300 7084 6113 6T"}) // grouped
    void acceptsValidCodesOfEveryShape(String code) {
        assertThat(detector.matches(code)).isTrue();
    }

    @Test
    void rejectsAWrongCheckCharacter() {
        assertThat(detector.matches("914403001922038217")).isFalse();
        assertThat(detector.matches("91440300708461136U")).isFalse();
    }

    @Test
    void rejectsTheLettersTheAlphabetLeavesOut() {
        assertThat(detector.matches("91440300MA5FIIIIIM")).isFalse();
        assertThat(detector.matches("91440300708461136O")).isFalse();
        assertThat(detector.matches("9144030070846113SZ")).isFalse();
    }

    @Test
    void rejectsAuthorityAndTypeCombinationsNobodyIssues() {
        // The check characters are right; 1 (编制) has no type 4.
        assertThat(detector.matches("14440300708461136R")).isFalse();
    }

    @Test
    void rejectsImplausibleRegionSegments() {
        assertThat(detector.matches("91990000708461136H")).as("no province 99").isFalse();
        assertThat(detector.matches("918300007084611362")).as("83 is a permit prefix, not a region").isFalse();
        assertThat(detector.matches(LabelledCorpus.usccWithCheck("91449900708461136"))).as("no prefecture 4499")
                .isFalse();
    }

    @Test
    void rejectsOtherLengths() {
        assertThat(detector.matches("14403001922038216")).isFalse();
        assertThat(detector.matches("9144030019220382161")).isFalse();
    }

    @Test
    void computesTheGb32100CheckCharacterLikeTheIndependentCorpusImplementation() {
        for (String body : new String[] {"91440300708461136", "91100000MA0001234", "N2440300MA5F12345"}) {
            assertThat(body + SocialCreditCodeDetector.checkCharacter(body)).isEqualTo(LabelledCorpus.usccWithCheck(body));
        }
    }
}
