package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;

class DerChainTest {

    private final NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());

    @Test
    void splittingByHeadersGivesBackEachCertificateExactly() throws Exception {
        List<java.security.cert.X509Certificate> chain = new ArrayList<>();
        chain.add(national.appCertificate());
        chain.addAll(national.tlsChain());
        List<byte[]> parts = DerChain.split(DerChain.encode(chain));
        assertThat(parts).hasSize(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            assertThat(parts.get(i)).isEqualTo(chain.get(i).getEncoded());
        }
        assertThat(DerChain.decode(DerChain.join(parts))).hasSize(chain.size());
    }

    @Test
    void aTruncatedOrForeignChainIsRefused() {
        byte[] joined = DerChain.encode(national.tlsChain());
        assertThatThrownBy(() -> DerChain.split(Arrays.copyOf(joined, joined.length - 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> DerChain.split(new byte[] {0x04, 0x01, 0x00}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
    }
}
