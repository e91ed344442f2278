package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what a parent reads from a joining child: the CSR and the join token. A clear
 * refusal is a {@link CsrCheck.Refused} with its problem, or the {@link IllegalArgumentException}
 * the token parser names its rule with; any other exception is a finding.
 */
@Tag("fuzz")
class JoinRequestFuzzTest {

    // The parent's keys do not matter to inspect(), only its region: built once per JVM.
    private static final CertificateAuthority PROVINCE = provinceAuthority();

    @FuzzTest
    @Timeout(10)
    void a_csr_is_accepted_for_the_expected_region_or_refused_with_a_problem(byte[] csr) {
        CsrCheck check = PROVINCE.inspect(csr, TestHierarchy.GUANGZHOU);

        if (check instanceof CsrCheck.Accepted accepted) {
            assertThat(accepted.region()).isEqualTo(TestHierarchy.GUANGZHOU);
            assertThat(accepted.publicKey().getAlgorithm()).isIn("EC", "ECDSA");
        } else {
            assertThat(((CsrCheck.Refused) check).detail()).isNotBlank();
        }
    }

    @FuzzTest
    @Timeout(10)
    void a_join_token_parses_or_is_refused_naming_its_rule(byte[] text) {
        String token = new String(text, StandardCharsets.UTF_8);
        try {
            JoinToken parsed = JoinToken.parse(token);
            assertThat(parsed.encode()).isEqualTo(token.strip());
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static CertificateAuthority provinceAuthority() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        PendingJoin pending = CertificateAuthority.prepareJoin(TestHierarchy.GUANGDONG);
        CertificateAuthority nationalCa = new CertificateAuthority(national, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) nationalCa.inspect(pending.csrDer(), TestHierarchy.GUANGDONG);
        NodeCredentials province = CertificateAuthority.completeJoin(pending,
                nationalCa.chainFor(nationalCa.issueChildCa(accepted.publicKey(), accepted.region())), KeySuite.GM, clock);
        return new CertificateAuthority(province, clock);
    }
}
