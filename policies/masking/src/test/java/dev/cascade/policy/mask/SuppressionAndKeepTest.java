package dev.cascade.policy.mask;

import static dev.cascade.policy.mask.TestKeys.masker;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuppressionAndKeepTest {

    @Test
    void suppressDeliversTheFieldEmpty() {
        Masker suppress = masker("suppress");
        assertThat(suppress.mask("11010519491231002X")).isEmpty();
        assertThat(suppress.mask("张三丰")).isEmpty();
        assertThat(suppress.mask(null)).isNull();
    }

    @Test
    void revealLeavesTheValueAsItIs() {
        assertThat(masker("reveal").mask("13800138000")).isEqualTo("13800138000");
    }

    @Test
    void keepCountsChineseCharactersAsOneEach() {
        assertThat(masker("keep(1,0)").mask("张三丰")).isEqualTo("张**");
        assertThat(masker("keep(1,1)").mask("欧阳娜娜")).isEqualTo("欧**娜");
        assertThat(masker("keep(0,1)").mask("张三丰")).isEqualTo("**丰");
    }

    @Test
    void keepShowsTheFirstAndLastCharactersOfAMobileNumber() {
        assertThat(masker("keep(3,4)").mask("13800138000")).isEqualTo("138****8000");
        assertThat(masker("keep(6,4)").mask("11010519491231002X")).isEqualTo("110105********002X");
    }

    @Test
    void keepCountsSupplementaryCharactersAsOneCodePoint() {
        // 𠀀 (U+20000) is two chars in Java; it must be kept or masked as one character.
        assertThat(masker("keep(1,0)").mask("𠀀三丰")).isEqualTo("𠀀**");
        assertThat(masker("keep(0,1)").mask("张三𠀀")).isEqualTo("**𠀀");
        assertThat(masker("keep(1,0)").mask("张𠀀丰")).isEqualTo("张**");
    }

    @Test
    void keepMasksAValueWholeWhenKeepingWouldRevealAllOfIt() {
        assertThat(masker("keep(1,1)").mask("张三")).isEqualTo("**");
        assertThat(masker("keep(3,4)").mask("1380013")).isEqualTo("*******");
        assertThat(masker("keep(3,4)").mask("138")).isEqualTo("***");
        assertThat(masker("keep(1,0)").mask("张")).isEqualTo("*");
    }

    @Test
    void keepNothingMasksEveryCharacter() {
        assertThat(masker("keep(0,0)").mask("张三丰")).isEqualTo("***");
    }

    @Test
    void emptyAndNullStayAsTheyAre() {
        assertThat(masker("keep(1,0)").mask("")).isEmpty();
        assertThat(masker("keep(1,0)").mask(null)).isNull();
        assertThat(masker("suppress").mask("")).isEmpty();
    }
}
