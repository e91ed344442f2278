package dev.cascade.policy.detect;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberDetectorsTest {

    @Nested
    class Mobile {
        private final MobileNumberDetector detector = new MobileNumberDetector();

        @ParameterizedTest
        @ValueSource(strings = {"13812345678", "19912345678", "16212345678", "17412345678", "+86 138 1234 5678",
                "+86-138-1234-5678", "(+86)13812345678", "0086 13812345678", "8613812345678", "138-1234-5678",
                "１３８１２３４５６７８"})
        void acceptsMainlandMobileNumbersOnAllocatedSegments(String number) {
            assertThat(detector.matches(number)).isTrue();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "15412345678",    // 154 was never allocated
                "14012345678",    // 140–144 are 13-digit IoT ranges
                "12345678901",    // an 11-digit number, not a phone
                "1381234567",     // 10 digits
                "138123456789",   // 12 digits
                "+852 91234567",  // Hong Kong
                "+1 415 555 2671",
                "138-1234-567a",
                "013812345678"})
        void rejectsEverythingElse(String number) {
            assertThat(detector.matches(number)).isFalse();
        }
    }

    @Nested
    class Landline {
        private final LandlineNumberDetector detector = new LandlineNumberDetector();

        @ParameterizedTest
        @ValueSource(strings = {"010-62345678", "021 62345678", "(0755)88889999", "0755-8888999", "07558888999",
                "+86 10 82345678", "+86-755-88889999", "0086 571 87654321", "+86 0755 88889999"})
        void acceptsNumbersWithAnAreaCode(String number) {
            assertThat(detector.matches(number)).isTrue();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "011-62345678",   // 011–019 are not area codes
                "010-12345678",   // subscriber numbers start with 2–8
                "000-62345678",
                "0755-0123456",   // subscriber numbers start with 2–8
                "0755-1234567",
                "0755-9123456",
                "010-1234567",    // Beijing has 8-digit numbers
                "0755-123456789",
                "88889999",       // no area code
                "13812345678"})   // a mobile number
        void rejectsEverythingElse(String number) {
            assertThat(detector.matches(number)).isFalse();
        }
    }
}
