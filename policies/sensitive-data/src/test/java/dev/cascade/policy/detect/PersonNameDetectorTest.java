package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PersonNameDetectorTest {

    private final PersonNameDetector detector = new PersonNameDetector();

    @ParameterizedTest
    @ValueSource(strings = {"张伟", "王秀英", "李子涵", "欧阳娜娜", "诸葛亮", "司马相如", "王　五", "阿依古丽·买买提",
            "格桑·卓玛", "其其格•乌云"})
    void acceptsChineseNamesWithAKnownSurname(String name) {
        assertThat(detector.matches(name)).isTrue();
        assertThat(detector.evidence(name)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zhang Wei", "WANG Fang", "Jean-Luc Picard", "Sean O'Brien", "Anna Maria Schmidt"})
    void acceptsLatinNamesAsWeakEvidenceOnly(String name) {
        assertThat(detector.matches(name)).isTrue();
        assertThat(detector.evidence(name)).isEqualTo(PersonNameDetector.LATIN_NAME_EVIDENCE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "王",              // a surname alone
            "王府井", "张家口", "周口店", "黄河路",   // characters given names do not use
            "有限公司", "北京市", "的确",         // no surname
            "张三3", "张某某某某某",              // digits, too long
            "hello world", "admin", "Zhang", "N/A", "zhang wei",
            "阿依古丽·", "·买买提"})
    void rejectsWhatIsNotAName(String value) {
        assertThat(detector.matches(value)).isFalse();
        assertThat(detector.evidence(value)).isZero();
    }

    @Test
    void missesNamesWhoseSurnameIsAnEverydayWordByDesign() {
        // 时 is a real surname but also "time"; the dictionary leaves it out (see chinese-surnames.txt).
        assertThat(detector.matches("时云")).isFalse();
    }
}
