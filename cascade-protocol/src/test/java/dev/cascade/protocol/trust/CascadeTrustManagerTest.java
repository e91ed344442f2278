package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGDONG;
import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CascadeTrustManagerTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void a_valid_peer_passes_as_client_and_as_server() throws Exception {
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(), refused -> { });
        trust.checkClientTrusted(array(h.city.tlsChain()), "EC");
        trust.checkServerTrusted(array(h.province.tlsChain()), "EC");
        assertThat(trust.getAcceptedIssuers()).containsExactly(h.national.root());
    }

    @Test
    void an_expired_chain_fails_with_basic_reason_expired_and_reaches_the_listener() {
        List<PeerVerdict.Refused> seen = new ArrayList<>();
        Clock afterExpiry = Clock.fixed(h.city.tlsCertificate().getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC);
        PeerCertificateValidator validator = new PeerCertificateValidator(h.national.root(),
                new RevocationRegistry(h.national.root(), afterExpiry), afterExpiry);
        CascadeTrustManager trust = CascadeTrustManager.of(validator, seen::add);

        Throwable thrown = catchThrowable(() -> trust.checkClientTrusted(array(h.city.tlsChain()), "EC"));

        assertThat(thrown).isInstanceOf(CertificateException.class).hasMessageContaining("certificate of 440100 expired at");
        assertThat(reasonOf(thrown)).isEqualTo(CertPathValidatorException.BasicReason.EXPIRED);
        assertThat(seen).singleElement().extracting(PeerVerdict.Refused::reason).isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void a_revoked_chain_fails_with_basic_reason_revoked() {
        RevocationRegistry registry = h.emptyRegistry();
        registry.accept(h.caOf(h.province).signRevocationList(1, List.of(
                new RevokedCertificate(h.city.caCertificate().getSerialNumber(), GUANGZHOU, h.now))));
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(registry), refused -> { });

        Throwable thrown = catchThrowable(() -> trust.checkServerTrusted(array(h.city.tlsChain()), "EC"));

        assertThat(reasonOf(thrown)).isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
    }

    @Test
    void a_chain_from_another_root_fails_with_no_trust_anchor() {
        NodeCredentials other = CertificateAuthority.initNational(KeySuite.GM, h.clock);
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(), refused -> { });
        Throwable thrown = catchThrowable(() -> trust.checkClientTrusted(array(other.tlsChain()), "EC"));
        assertThat(reasonOf(thrown)).isEqualTo(PKIXReason.NO_TRUST_ANCHOR);
    }

    @Test
    void a_child_can_require_that_the_server_is_its_parent() throws Exception {
        List<PeerVerdict.Refused> seen = new ArrayList<>();
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(), seen::add)
                .expectingPeer(peer -> peer.region().equals(GUANGDONG),
                        peer -> "server is " + peer.region() + ", not the parent " + GUANGDONG);
        trust.checkServerTrusted(array(h.province.tlsChain()), "EC");

        assertThatThrownBy(() -> trust.checkServerTrusted(array(h.national.tlsChain()), "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("server is 100000, not the parent 440000");
        assertThat(seen).singleElement().extracting(PeerVerdict.Refused::reason).isEqualTo(RefusalReason.REGION_VIOLATION);
    }

    @Test
    void a_certificate_without_the_tls_purpose_is_refused() {
        // The application certificate chains correctly but carries no TLS extended key usage.
        List<X509Certificate> appChain = new ArrayList<>();
        appChain.add(h.city.appCertificate());
        appChain.addAll(h.city.caChain());
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(), refused -> { });
        assertThat(h.validator().validate(appChain)).isInstanceOf(PeerVerdict.Trusted.class);
        assertThatThrownBy(() -> trust.checkClientTrusted(array(appChain), "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("certificate of 440100 is not a TLS client certificate");
    }

    @Test
    void no_chain_at_all_is_refused() {
        CascadeTrustManager trust = CascadeTrustManager.of(h.validator(), refused -> { });
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("no certificate presented");
    }

    static X509Certificate[] array(List<X509Certificate> chain) {
        return chain.toArray(X509Certificate[]::new);
    }

    static CertPathValidatorException.Reason reasonOf(Throwable thrown) {
        assertThat(thrown).isInstanceOf(CertificateException.class);
        // JSSE reads the reason of the direct cause to choose the TLS alert.
        assertThat(thrown.getCause()).isInstanceOf(CertPathValidatorException.class);
        return ((CertPathValidatorException) thrown.getCause()).getReason();
    }
}
