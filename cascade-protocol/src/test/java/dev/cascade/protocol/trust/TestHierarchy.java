package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A national → 440000 → 440100 hierarchy built through the real onboarding API, as node-runtime
 * would: initNational, prepareJoin, inspect, issueChildCa, completeJoin.
 */
public final class TestHierarchy {

    public static final RegionCode GUANGDONG = RegionCode.parse("440000");
    public static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    public static final RegionCode SHENZHEN = RegionCode.parse("440300");
    public static final RegionCode JIANGSU = RegionCode.parse("320000");
    public static final RegionCode NANJING = RegionCode.parse("320100");

    public final Instant now;
    public final Clock clock;
    public final NodeCredentials national;
    public final NodeCredentials province;
    public final NodeCredentials city;

    public TestHierarchy() {
        this(KeySuite.GM);
    }

    public TestHierarchy(KeySuite suite) {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = Clock.fixed(now, ZoneOffset.UTC);
        national = CertificateAuthority.initNational(suite, clock);
        province = join(national, GUANGDONG, suite);
        city = join(province, GUANGZHOU, suite);
    }

    NodeCredentials join(NodeCredentials parent, RegionCode child, KeySuite suite) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority parentCa = new CertificateAuthority(parent, clock);
        CsrCheck check = parentCa.inspect(pending.csrDer(), child);
        assertThat(check).isInstanceOf(CsrCheck.Accepted.class);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) check;
        List<X509Certificate> answer = parentCa.chainFor(parentCa.issueChildCa(accepted.publicKey(), accepted.region()));
        return CertificateAuthority.completeJoin(pending, answer, suite, clock);
    }

    CertificateAuthority caOf(NodeCredentials node) {
        return new CertificateAuthority(node, clock);
    }

    RevocationRegistry emptyRegistry() {
        return new RevocationRegistry(national.root(), clock);
    }

    PeerCertificateValidator validator(RevocationRegistry registry) {
        return new PeerCertificateValidator(national.root(), registry, clock);
    }

    public PeerCertificateValidator validator() {
        return validator(emptyRegistry());
    }

    PeerCertificateValidator validatorAt(Instant instant) {
        Clock at = Clock.fixed(instant, ZoneOffset.UTC);
        return new PeerCertificateValidator(national.root(), new RevocationRegistry(national.root(), at), at);
    }
}
