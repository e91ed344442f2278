package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PemTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void chains_round_trip_in_order() {
        String pem = Pem.writeCertificates(h.city.tlsChain());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.readCertificates(pem)).containsExactlyElementsOf(h.city.tlsChain());
        assertThat(Pem.readCertificate(Pem.writeCertificate(h.city.appCertificate()))).isEqualTo(h.city.appCertificate());
    }

    @Test
    void ec_and_sm2_private_keys_round_trip_as_pkcs8() {
        for (PrivateKey key : new PrivateKey[] {h.city.tlsKey(), h.city.appKey()}) {
            String pem = Pem.writePrivateKey(key);
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void csrs_round_trip() {
        byte[] csr = CertificateAuthority.prepareJoin(TestHierarchy.SHENZHEN).csrDer();
        String pem = Pem.writeCsr(csr);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(Pem.readCsr(pem)).isEqualTo(csr);
    }

    @Test
    void unexpected_content_is_an_illegal_argument() {
        assertThatThrownBy(() -> Pem.readCertificates("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no PEM certificate found");
        assertThatThrownBy(() -> Pem.readCertificate(Pem.writeCertificates(h.city.caChain())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected one certificate, found 3");
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.writeCertificate(h.national.root())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a private key");
        assertThatThrownBy(() -> Pem.readCertificates(Pem.writePrivateKey(h.city.tlsKey())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected only certificates");
    }
}
