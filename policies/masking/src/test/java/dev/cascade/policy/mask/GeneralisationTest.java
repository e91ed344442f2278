package dev.cascade.policy.mask;

import static dev.cascade.policy.mask.TestKeys.masker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GeneralisationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2024-03-05|2024-03",
        "2024/03/05|2024-03",
        "20240305|2024-03",
        "2024年3月5日|2024-03",
        "2024年03月05日|2024-03",
        "2024-3-5|2024-03",
        "2024-11-30|2024-11",
        "2024-03-05T10:15:30|2024-03",
        "2024-03-05T10:15:30.123Z|2024-03",
        "2024-03-05T10:15+08:00|2024-03",
        "2024-03-05 10:15:30|2024-03",
        "' 2024-03-05 '|2024-03",
    })
    void datesInEveryCommonFormGeneraliseToTheirMonth(String date, String month) {
        assertThat(masker("generalise(date-month)").mask(date)).isEqualTo(month);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1949-10-01|1949",
        "19491001|1949",
        "1949年10月1日|1949",
        "2023-12-31T23:59:59-05:00|2023",
    })
    void datesGeneraliseToTheirYear(String date, String year) {
        assertThat(masker("generalise(date-year)").mask(date)).isEqualTo(year);
    }

    @Test
    void aDateTimeKeepsTheDayItWasWrittenOnRatherThanMovingToAnotherZone() {
        // 23:30 on 31 December at UTC-05:00 is already January in UTC; the written month stays.
        assertThat(masker("generalise(date-month)").mask("2023-12-31T23:30:00-05:00")).isEqualTo("2023-12");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2023-02-29", "2024-13-01", "2024-00-10", "20240230", "2024年2月30日",
        "2024-03-05T25:00", "2024-03-05T10:15+19:00",
        "2024-03", "03/05/2024", "2024-03/05", "yesterday", "2024-03-05x", "２０２４-03-05"
    })
    void aValueThatIsNoRealDateIsRefusedNotPassedThrough(String notADate) {
        assertThatThrownBy(() -> masker("generalise(date-month)").mask(notADate))
                .isInstanceOfSatisfying(MaskingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MaskingException.Reason.VALUE_NOT_PARSEABLE);
                    assertThat(e.function()).isEqualTo("generalise(date-month)");
                    assertThat(e.getMessage()).startsWith("generalise(date-month): ").doesNotContain(notADate);
                });
    }

    @ParameterizedTest(name = "{0} -> prefecture {1}, province {2}")
    @CsvSource({
        "440106,440100,440000",
        "110105,110100,110000",
        "652201,652200,650000",
        "820000,820000,820000",
        "440100,440100,440000",
    })
    void regionCodesGeneraliseToTheirPrefectureOrProvince(String code, String prefecture, String province) {
        assertThat(masker("generalise(region-prefecture)").mask(code)).isEqualTo(prefecture);
        assertThat(masker("generalise(region-province)").mask(code)).isEqualTo(province);
    }

    @ParameterizedTest
    @ValueSource(strings = {"44010", "4401061", "44O106", "990106", "000000", "广东省广州市", "440106X"})
    void aValueThatIsNoGbT2260CodeIsRefused(String notARegion) {
        assertThatThrownBy(() -> masker("generalise(region-prefecture)").mask(notARegion))
                .isInstanceOfSatisfying(MaskingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MaskingException.Reason.VALUE_NOT_PARSEABLE);
                    assertThat(e.function()).isEqualTo("generalise(region-prefecture)");
                });
    }

    @ParameterizedTest(name = "{0}: {1} / {2} / {3}")
    @CsvSource({
        "0,0-4,0-9,0-19",
        "4,0-4,0-9,0-19",
        "5,5-9,0-9,0-19",
        "32,30-34,30-39,20-39",
        "39,35-39,30-39,20-39",
        "40,40-44,40-49,40-59",
        "99,95-99,90-99,80-99",
        "150,150-154,150-159,140-159",
        "007,5-9,0-9,0-19",
    })
    void agesGeneraliseToBandsOfFiveTenOrTwentyYears(String age, String five, String ten, String twenty) {
        assertThat(masker("generalise(age-5)").mask(age)).isEqualTo(five);
        assertThat(masker("generalise(age-10)").mask(age)).isEqualTo(ten);
        assertThat(masker("generalise(age-20)").mask(age)).isEqualTo(twenty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "32.5", "32岁", "151", "1000", "thirty", " "})
    void aValueThatIsNoWholeAgeIsRefused(String notAnAge) {
        assertThatThrownBy(() -> masker("generalise(age-10)").mask(notAnAge))
                .isInstanceOfSatisfying(MaskingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MaskingException.Reason.VALUE_NOT_PARSEABLE);
                    assertThat(e.function()).isEqualTo("generalise(age-10)");
                });
    }

    @Test
    void emptyAndNullStayAsTheyAreForEveryGeneralisation() {
        for (MaskSpec.Generalisation to : MaskSpec.Generalisation.values()) {
            Masker generalise = TestKeys.FUNCTIONS.masker(new MaskSpec.Generalise(to));
            assertThat(generalise.mask("")).as(to.token()).isEmpty();
            assertThat(generalise.mask(null)).as(to.token()).isNull();
        }
    }
}
