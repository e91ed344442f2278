package dev.cascade.policy.detect;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressDetectorsTest {

    @Nested
    class V4 {
        private final Ipv4AddressDetector detector = new Ipv4AddressDetector();

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "192.168.1.1", "255.255.255.255", "10.0.0.1", " 172.16.0.254 ", "１０.０.０.１"})
        void acceptsStrictDottedQuads(String address) {
            assertThat(detector.matches(address)).isTrue();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "256.1.1.1",
                "010.1.1.1",     // octal to inet_aton, decimal to others
                "1.2.3.00",
                "1.2.3",
                "1.2.3.4.5",
                "1..2.3",
                "1.2.3.",
                "1.2.3.4:80",
                "1.2.3.4/24",
                "1.2.3.-4",
                "a.b.c.d",
                "3232235777"})   // a 32-bit integer is an address only to some parsers
        void rejectsEverythingAmbiguousOrMalformed(String address) {
            assertThat(detector.matches(address)).isFalse();
        }
    }

    @Nested
    class V6 {
        private final Ipv6AddressDetector detector = new Ipv6AddressDetector();

        @ParameterizedTest
        @ValueSource(strings = {"2001:db8::1", "::1", "::", "fe80::1ff:fe23:4567:890a",
                "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128", "1:2:3:4:5:6:7::", "1::8",
                "2001:DB8:0:0:8:800:200C:417A", "64:ff9b::192.0.2.33"})
        void acceptsTheTextFormsOfRfc4291(String address) {
            assertThat(detector.matches(address)).isTrue();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {
                "2001:db8::1::2",        // two "::"
                "12345::1",              // five hex digits
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",         // seven groups and no "::"
                "1::2:3:4:5:6:7:8",      // "::" standing for nothing
                "1:2:3:4:5:6:7:8::",
                ":1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:",
                ":::1",
                "fe80::1%eth0",          // zone identifiers belong to socket addresses
                "[::1]",
                "::ffff:192.0.2.01",     // the embedded IPv4 part is strict too
                "::ffff:192.0.2",
                "00:1A:2B:3C:4D:5E",     // a MAC address
                "12:30:45",              // a time
                "2001:db8::g1"})
        void rejectsEverythingElse(String address) {
            assertThat(detector.matches(address)).isFalse();
        }
    }
}
