package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JoinTokenTest {

    private static final String PIN = "JU5Gj_cYR0bppwK6LCN1FZcqOgZBnhxPOcyNvlyUd-g";
    private static final String SECRET = "q7B1rIY6lQ9cJXk2n1VqkJ0mWcQxYb8ZfT3aK4sLw5E";

    @Test
    void a_generated_token_round_trips_through_its_text_form() {
        JoinToken token = JoinToken.generate(new SecureRandom(), PIN);
        assertThat(token.id()).matches("[0-9a-f]{16}");
        assertThat(token.secret()).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.encode()).startsWith("cjt1." + token.id() + ".").endsWith("." + PIN);
        assertThat(JoinToken.parse(token.encode())).isEqualTo(token);
    }

    @Test
    void two_tokens_differ() {
        SecureRandom random = new SecureRandom();
        assertThat(JoinToken.generate(random, PIN)).isNotEqualTo(JoinToken.generate(random, PIN));
    }

    @Test
    void the_root_pin_of_a_real_root_fits_the_format() {
        String pin = Fingerprints.pin(CertificateAuthority.initNational(KeySuite.INTL, java.time.Clock.systemUTC()).root());
        assertThat(JoinToken.generate(new SecureRandom(), pin).rootPin()).isEqualTo(pin);
    }

    @Test
    void only_the_right_secret_matches_the_stored_hash() {
        JoinToken token = JoinToken.parse("cjt1.0123456789abcdef." + SECRET + "." + PIN);
        String stored = token.secretHash();
        assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(SECRET);
        assertThat(JoinToken.secretMatches(SECRET, stored)).isTrue();
        assertThat(JoinToken.secretMatches(SECRET.replace('q', 'r'), stored)).isFalse();
        assertThat(JoinToken.secretMatches(SECRET, stored.substring(1))).isFalse();
        assertThat(JoinToken.secretMatches(null, stored)).isFalse();
    }

    @Test
    void the_secret_never_appears_in_to_string() {
        JoinToken token = JoinToken.parse("cjt1.0123456789abcdef." + SECRET + "." + PIN);
        assertThat(token.toString()).doesNotContain(SECRET).contains("0123456789abcdef");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                                         | join token is empty",
            "cjt1.0123456789abcdef.SECRET                               | 4 dot-separated parts",
            "cjt1.0123456789abcdef.SECRET.PIN.extra                     | 4 dot-separated parts",
            "cjt2.0123456789abcdef.SECRET.PIN                           | must start with 'cjt1.'",
            "cjt1.0123456789ABCDEF.SECRET.PIN                           | id must be 16 lower-case hex",
            "cjt1.0123456789abcde.SECRET.PIN                            | id must be 16 lower-case hex",
            "cjt1.0123456789abcdef.tooShort.PIN                         | secret must be 32 bytes",
            "cjt1.0123456789abcdef.SECRET.not+base64url/pin_xxxxxxxxxxxxxxxxxxxxxx | root pin must be a SHA-256",
            "cjt1.0123456789abcdef.SECRET.                              | root pin must be a SHA-256"})
    void malformed_tokens_are_refused_with_a_clear_message(String text, String message) {
        String token = text.replace("SECRET", SECRET).replace("PIN", PIN);
        assertThatThrownBy(() -> JoinToken.parse(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining(SECRET);
    }
}
