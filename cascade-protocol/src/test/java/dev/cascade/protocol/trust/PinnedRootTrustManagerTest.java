package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.CascadeTrustManagerTest.array;
import static dev.cascade.protocol.trust.CascadeTrustManagerTest.reasonOf;
import static dev.cascade.protocol.trust.TestHierarchy.GUANGDONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinnedRootTrustManagerTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void a_server_chain_ending_in_the_pinned_root_is_trusted_and_the_root_exposed() throws Exception {
        PinnedRootTrustManager trust = new PinnedRootTrustManager(Fingerprints.pin(h.national.root()), h.clock);
        assertThat(trust.pinnedRoot()).isEmpty();
        trust.checkServerTrusted(array(h.province.tlsChain()), "EC");
        assertThat(trust.pinnedRoot()).contains(h.national.root());
    }

    @Test
    void a_server_of_another_hierarchy_is_an_unknown_ca() {
        NodeCredentials other = CertificateAuthority.initNational(KeySuite.GM, h.clock);
        PinnedRootTrustManager trust = new PinnedRootTrustManager(Fingerprints.pin(h.national.root()), h.clock);
        Throwable thrown = catchThrowable(() -> trust.checkServerTrusted(array(other.tlsChain()), "EC"));
        assertThat(reasonOf(thrown)).isEqualTo(PKIXReason.NO_TRUST_ANCHOR);
        assertThat(trust.pinnedRoot()).isEmpty();
    }

    @Test
    void a_chain_without_its_root_cannot_match_the_pin() {
        PinnedRootTrustManager trust = new PinnedRootTrustManager(Fingerprints.pin(h.national.root()), h.clock);
        assertThatThrownBy(() -> trust.checkServerTrusted(array(h.province.tlsChain().subList(0, 2)), "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("no root matching pin");
    }

    @Test
    void the_join_server_must_be_the_expected_parent() throws Exception {
        PinnedRootTrustManager trust = new PinnedRootTrustManager(Fingerprints.pin(h.national.root()), h.clock)
                .expectingServer(GUANGDONG);
        assertThatThrownBy(() -> trust.checkServerTrusted(array(h.city.tlsChain()), "EC"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("server proves region 440100, expected 440000");
        trust.checkServerTrusted(array(h.province.tlsChain()), "EC");
        assertThat(trust.pinnedRoot()).isPresent();
    }

    @Test
    void it_never_authenticates_clients() {
        PinnedRootTrustManager trust = new PinnedRootTrustManager(Fingerprints.pin(h.national.root()), h.clock);
        assertThatThrownBy(() -> trust.checkClientTrusted(array(h.city.tlsChain()), "EC"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).isEmpty();
        assertThat(List.of(trust.getAcceptedIssuers())).isEmpty();
    }
}
