package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;

import static dev.cascade.policy.detect.AdministrativeDivisions.Standing.CURRENT;
import static dev.cascade.policy.detect.AdministrativeDivisions.Standing.HISTORICAL;
import static dev.cascade.policy.detect.AdministrativeDivisions.Standing.PERMIT;
import static org.assertj.core.api.Assertions.assertThat;

class AdministrativeDivisionsTest {

    private final AdministrativeDivisions table = AdministrativeDivisions.gbt2260();

    @Test
    void knowsProvincesAndPrefecturesWithTheirStanding() {
        assertThat(table.province("44", 0)).isEqualTo(CURRENT);
        assertThat(table.prefecture("4403", 0)).isEqualTo(CURRENT);
        assertThat(table.prefecture("3712", 0)).as("莱芜, merged into 济南 in 2019").isEqualTo(HISTORICAL);
        assertThat(table.prefecture("8300", 0)).isEqualTo(PERMIT);
        assertThat(table.province("83", 0)).isEqualTo(PERMIT);
    }

    @Test
    void answersNullForUnknownCodesAndNonDigits() {
        assertThat(table.province("99", 0)).isNull();
        assertThat(table.prefecture("4499", 0)).isNull();
        assertThat(table.prefecture("44a3", 0)).isNull();
    }

    @Test
    void readsAtAnOffset() {
        assertThat(table.prefecture("91440300", 2)).isEqualTo(CURRENT);
    }

    @Test
    void listsEveryPrefectureOfEveryMainlandProvince() {
        assertThat(table.prefectures()).hasSizeGreaterThan(330);
        for (String province : new String[] {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
                "63", "64", "65"}) {
            assertThat(table.province(province, 0)).as(province).isEqualTo(CURRENT);
            assertThat(table.prefectures()).as(province).anyMatch(d -> d.code().startsWith(province));
        }
    }
}
