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

    @Test
    void aCertificateWhoseKeyIsNotOnItsCurveIsACorruptChainWhenDecoded() throws Exception {
        // Found by fuzzing: BouncyCastle parses the key lazily, so such a chain used to decode and
        // then fail inside the chain rules with an IllegalStateException.
        byte[] der = national.tlsChain().get(0).getEncoded();
        byte[] key = national.tlsChain().get(0).getPublicKey().getEncoded();
        byte[] point = Arrays.copyOfRange(key, key.length - 64, key.length);
        int at = indexOf(der, point);
        der[at + 5] ^= 0x01; // an x coordinate whose y is no longer on the curve

        assertThatThrownBy(() -> DerChain.decode(der))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate 1 has an unreadable public key");
        assertThatThrownBy(() -> DerChain.certificate(der)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCertificateWhoseKeyAlgorithmIsUnknownIsACorruptChainWhenDecoded() throws Exception {
        // Found by fuzzing: BouncyCastle answers null for the key, which failed later in the chain rules.
        byte[] der = national.tlsChain().get(0).getEncoded();
        byte[] ecPublicKey = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01}; // 1.2.840.10045.2.1
        der[indexOf(der, ecPublicKey) + ecPublicKey.length - 1] = 0x7F; // 1.2.840.10045.2.127: no such algorithm

        assertThatThrownBy(() -> DerChain.decode(der))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate 1 has a public key of an unknown algorithm");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("the bytes are not in the certificate");
    }
}
