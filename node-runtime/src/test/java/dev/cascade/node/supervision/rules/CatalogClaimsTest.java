package dev.cascade.node.supervision.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatalogClaimsTest {

    static final RegionCode CITY = RegionCode.parse("440100");
    static final RegionCode PROVINCE = RegionCode.parse("440000");
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    final CatalogClaims claims = new CatalogClaims(Duration.ofMinutes(5));

    @Test
    void aClaimAlreadyMetIsNotKept() {
        assertThat(claims.observe(CITY, PROVINCE, 17, 17, T0)).isEmpty();
        assertThat(claims.pending(CITY)).isFalse();
    }

    @Test
    void aChangeArrivingWithinTheGraceClearsTheClaim() {
        claims.observe(CITY, PROVINCE, 17, 12, T0);
        assertThat(claims.pending(CITY)).isTrue();
        assertThat(claims.observe(CITY, PROVINCE, 17, 17, T0.plusSeconds(60))).isEmpty();
        assertThat(claims.pending(CITY)).isFalse();
        assertThat(claims.observe(CITY, PROVINCE, 17, 17, T0.plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void aClaimUnmetForTheGraceIsJudgedWithheldOnceNamingTheOldestClaimAndTheChildItCameThrough() {
        claims.observe(CITY, PROVINCE, 17, 12, T0);
        assertThat(claims.observe(CITY, PROVINCE, 20, 12, T0.plusSeconds(299))).isEmpty();
        var withheld = claims.observe(CITY, PROVINCE, 21, 12, T0.plusSeconds(300));
        assertThat(withheld).hasValueSatisfying(w -> {
            assertThat(w.origin()).isEqualTo(CITY);
            assertThat(w.claimed()).isEqualTo(17);
            assertThat(w.applied()).isEqualTo(12);
            assertThat(w.since()).isEqualTo(T0);
            assertThat(w.via()).isEqualTo(PROVINCE);
        });
        assertThat(claims.observe(CITY, PROVINCE, 21, 12, T0.plusSeconds(400))).as("judged once").isEmpty();
    }

    @Test
    void progressThatMeetsTheOldClaimStartsTheClockAgainForTheNewerOne() {
        claims.observe(CITY, PROVINCE, 17, 12, T0);
        assertThat(claims.observe(CITY, PROVINCE, 30, 17, T0.plusSeconds(280))).isEmpty();
        assertThat(claims.observe(CITY, PROVINCE, 30, 20, T0.plusSeconds(320))).as("the newer claim is 40 s old").isEmpty();
        assertThat(claims.observe(CITY, PROVINCE, 30, 20, T0.plusSeconds(580))).hasValueSatisfying(w -> {
            assertThat(w.claimed()).isEqualTo(30);
            assertThat(w.since()).isEqualTo(T0.plusSeconds(280));
        });
    }

    @Test
    void aWithheldClaimMetLaterIsForgottenSoANewWithholdingIsJudgedAgain() {
        claims.observe(CITY, PROVINCE, 17, 12, T0);
        assertThat(claims.observe(CITY, PROVINCE, 17, 12, T0.plusSeconds(300))).isPresent();
        claims.observe(CITY, PROVINCE, 17, 17, T0.plusSeconds(330));
        assertThat(claims.pending(CITY)).isFalse();
        claims.observe(CITY, PROVINCE, 25, 17, T0.plusSeconds(360));
        assertThat(claims.observe(CITY, PROVINCE, 25, 17, T0.plusSeconds(660))).isPresent();
    }

    @Test
    void originsAreJudgedApart() {
        RegionCode other = RegionCode.parse("440300");
        claims.observe(CITY, PROVINCE, 17, 12, T0);
        assertThat(claims.observe(other, PROVINCE, 5, 5, T0.plusSeconds(301))).isEmpty();
        assertThat(claims.pending(other)).isFalse();
        assertThat(claims.observe(CITY, PROVINCE, 17, 12, T0.plusSeconds(301))).isPresent();
    }
}
