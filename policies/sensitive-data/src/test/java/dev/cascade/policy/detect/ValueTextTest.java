package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTextTest {

    @Test
    void foldsFullWidthAsciiToHalfWidth() {
        assertThat(ValueText.fold("１３８ＡＢｃ＠－")).isEqualTo("138ABc@-");
    }

    @Test
    void trimsIdeographicAndNoBreakSpacesAndDropsZeroWidthCharacters() {
        assertThat(ValueText.fold("\u3000\u00A0张\u200B伟\uFEFF \t")).isEqualTo("张伟");
    }

    @Test
    void turnsUnicodeDashesIntoHyphens() {
        assertThat(ValueText.fold("010\u2013123\u2014456")).isEqualTo("010-123-456");
    }

    @Test
    void removesOnlyTheSeparatorsAsked() {
        assertThat(ValueText.foldWithout(" 138 1234-5678 ", " -")).isEqualTo("13812345678");
        assertThat(ValueText.foldWithout("a b", "-")).isEqualTo("a b");
    }

    @Test
    void readsNullAsEmpty() {
        assertThat(ValueText.fold(null)).isEmpty();
    }
}
