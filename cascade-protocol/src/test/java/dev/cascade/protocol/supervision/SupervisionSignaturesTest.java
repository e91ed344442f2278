package dev.cascade.protocol.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.SupervisionSignatures.Kind;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.PendingJoin;
import dev.cascade.protocol.trust.RevocationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupervisionSignaturesTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final byte[] DIRECTIVE = "directive 6f1c… suspend-department gz-health at 440100"
            .getBytes(StandardCharsets.UTF_8);

    private Clock clock;
    private NodeCredentials guangdong;
    private NodeCredentials guangzhou;
    private PeerCertificateValidator validator;

    @BeforeAll
    void hierarchy() {
        clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        guangdong = join(national, GUANGDONG);
        guangzhou = join(guangdong, GUANGZHOU);
        validator = new PeerCertificateValidator(national.root(), new RevocationRegistry(national.root(), clock), clock);
    }

    private NodeCredentials join(NodeCredentials parent, RegionCode child) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority ca = new CertificateAuthority(parent, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
        return CertificateAuthority.completeJoin(pending, ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region())),
                KeySuite.GM, clock);
    }

    @Test
    void a_directive_signed_by_its_issuer_is_attributed_to_it() {
        byte[] sig = SupervisionSignatures.sign(guangdong, Kind.DIRECTIVE, DIRECTIVE);
        assertThat(SupervisionSignatures.verify(Kind.DIRECTIVE, DIRECTIVE, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOfSatisfying(Authorship.Authentic.class, a -> assertThat(a.author()).isEqualTo(GUANGDONG));
    }

    @Test
    void a_city_cannot_forge_its_provinces_directive() {
        byte[] sig = SupervisionSignatures.sign(guangzhou, Kind.DIRECTIVE, DIRECTIVE);
        assertThat(SupervisionSignatures.verify(Kind.DIRECTIVE, DIRECTIVE, sig, guangzhou.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Unproven.class);
        assertThat(SupervisionSignatures.verify(Kind.DIRECTIVE, DIRECTIVE, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void an_altered_directive_is_refused() {
        byte[] sig = SupervisionSignatures.sign(guangdong, Kind.DIRECTIVE, DIRECTIVE);
        byte[] altered = DIRECTIVE.clone();
        altered[10] ^= 1;
        assertThat(SupervisionSignatures.verify(Kind.DIRECTIVE, altered, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void a_signed_report_never_passes_for_a_directive() {
        byte[] sig = SupervisionSignatures.sign(guangdong, Kind.REPORT, DIRECTIVE);
        assertThat(SupervisionSignatures.verify(Kind.DIRECTIVE, DIRECTIVE, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Unproven.class);
        assertThat(SupervisionSignatures.verify(Kind.REPORT, DIRECTIVE, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Authentic.class);
    }
}
