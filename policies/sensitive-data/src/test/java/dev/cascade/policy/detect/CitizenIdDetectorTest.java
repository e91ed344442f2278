package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class CitizenIdDetectorTest {

    /** "Today" is 2020-06-15 in Beijing for every test here, so "the future" does not move. */
    private static final Clock JUNE_2020 = Clock.fixed(Instant.parse("2020-06-15T04:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private final CitizenIdDetector detector = new CitizenIdDetector(AdministrativeDivisions.gbt2260(), JUNE_2020);

    @Test
    void acceptsTheExampleNumberOfGb11643() {
        assertThat(detector.matches("11010519491231002X")).isTrue();
    }

    @Test
    void computesTheMod11_2CheckCharactersOfTheStandardsExamples() {
        assertThat(CitizenIdDetector.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(CitizenIdDetector.checkCharacter("44052418800101001")).isEqualTo('4');
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "11010519491231002x",              // lower-case x
            "110105 19491231 002X",            // grouped
            "110105-19491231-002X",
            "１１０１０５１９４９１２３１００２Ｘ", // full-width
            "  11010519491231002X\u3000",      // padded
            "510202198001011239",              // 5102: Chongqing while it was in Sichuan (historical code)
            "810000199001011230",              // Hong Kong residents' residence permit
            "110105200002291235"})             // 29 February of a leap year
    void acceptsValidNumbersAsPeopleWriteThem(String id) {
        assertThat(detector.matches(id)).isTrue();
    }

    @Test
    void rejectsAWrongCheckCharacter() {
        assertThat(detector.matches("110105194912310021")).isFalse();
        assertThat(detector.matches("11010519491231002Y")).isFalse();
        assertThat(detector.matches("620102199001011234")).isFalse();
    }

    @Test
    void rejectsBirthDatesThatAreNotOnTheCalendar() {
        // Check characters are correct; only the date is wrong.
        assertThat(detector.matches("110105190002291239")).as("1900 was not a leap year").isFalse();
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11010519901301123"))).as("month 13").isFalse();
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11010519900431123"))).as("31 April").isFalse();
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11010519900000123"))).as("month 00").isFalse();
    }

    @Test
    void rejectsBirthDatesInTheFutureOrBefore1900() {
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11010520200615123"))).as("today").isTrue();
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11010520200616123"))).as("tomorrow").isFalse();
        assertThat(detector.matches("440524188001010014")).as("GB 11643's own 1880 example").isFalse();
    }

    @Test
    void rejectsUnknownRegions() {
        assertThat(detector.matches("990101199001011230")).as("no province 99").isFalse();
        assertThat(detector.matches(LabelledCorpus.citizenIdWithCheck("11030519900101123"))).as("no prefecture 1103")
                .isFalse();
        assertThat(detector.matches("110100200001011236")).as("county part 00").isFalse();
    }

    @Test
    void acceptsLegacy15DigitNumbersOnlyWithAKnownRegionAndARealDate() {
        assertThat(detector.matches("110105491231002")).isTrue();
        assertThat(detector.matches("110105491331002")).as("month 13").isFalse();
        assertThat(detector.matches("990105491231002")).as("unknown region").isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "1101051949123100", "11010519491231002XX", "11010519491231002Ｘ1", "1101O519491231002X",
            "X1010519491231002"})
    void rejectsWhatIsNotAnIdNumberAtAll(String value) {
        assertThat(detector.matches(value)).isFalse();
    }
}
