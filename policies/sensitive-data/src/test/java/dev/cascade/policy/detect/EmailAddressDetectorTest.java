package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressDetectorTest {

    private final EmailAddressDetector detector = new EmailAddressDetector();

    @ParameterizedTest
    @ValueSource(strings = {"zhang.wei@163.com", "user+tag@sz.gov.cn", "a_b-c@sub.domain.org", "12345678@qq.com",
            "o'brien@example.ie", "zhangwei＠qq.com", "用户@例子.中国", "info@政务服务.中国", "admin@example.xn--fiqs8s"})
    void acceptsAddressesInDotAtomFormIncludingInternationalisedOnes(String address) {
        assertThat(detector.matches(address)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "zhang.wei.163.com",      // no @
            "a@b@163.com",            // two
            ".zhang@163.com",         // dot at the edge of the local part
            "zhang.@163.com",
            "zhang..wei@163.com",     // consecutive dots
            "zhang@localhost",        // single-label domain
            "zhang@mail.123",         // numeric top level
            "zhang@-mail.com",        // label starting with a hyphen
            "zhang@mail-.com",
            "zhang wei@163.com",      // space
            "@163.com",
            "zhang@",
            "zhang@.com",
            "\"zhang wei\"@163.com",  // quoted local parts are legal but not accepted here
            "zhang@[192.0.2.1]"})     // so are IP literals
    void rejectsMalformedAddresses(String address) {
        assertThat(detector.matches(address)).isFalse();
    }

    @Test
    void enforcesTheLengthLimitsOnLocalPartAndLabels() {
        assertThat(detector.matches("a".repeat(64) + "@qq.com")).isTrue();
        assertThat(detector.matches("a".repeat(65) + "@qq.com")).isFalse();
        assertThat(detector.matches("a@" + "b".repeat(63) + ".com")).isTrue();
        assertThat(detector.matches("a@" + "b".repeat(64) + ".com")).isFalse();
    }
}
