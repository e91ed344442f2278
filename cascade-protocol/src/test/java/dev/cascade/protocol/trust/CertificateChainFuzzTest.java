package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cascade.protocol.region.RegionCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for certificate chains from outside: the DER chain a peer's message carries
 * (decoded, then judged against the root), and the CA chain a parent answers a join with. The
 * hierarchy is a committed fixture ({@code ChainFixture}), so an input means the same thing in
 * every run. A clear refusal is the {@link IllegalArgumentException} of {@link DerChain} and
 * {@link CertificateAuthority#completeJoin}, or a {@link PeerVerdict.Refused}; anything else is a finding.
 */
@Tag("fuzz")
class CertificateChainFuzzTest {

    private static final ChainFixture FIXTURE = ChainFixture.load();

    @FuzzTest
    @Timeout(10)
    void a_peer_chain_is_decoded_and_trusted_or_refused_with_a_reason(byte[] joined) {
        try {
            assertThat(DerChain.split(joined)).allSatisfy(der -> assertThat(der).isNotEmpty());
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).containsAnyOf("corrupt", "truncated");
        }
        List<X509Certificate> chain;
        try {
            chain = DerChain.decode(joined);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("stored certificate chain is corrupt");
            return;
        }
        PeerVerdict asNode = FIXTURE.validator().validate(chain);
        PeerVerdict asCa = FIXTURE.validator().validateCaChain(chain);
        for (PeerVerdict verdict : List.of(asNode, asCa)) {
            if (verdict instanceof PeerVerdict.Refused refused) {
                assertThat(refused.detail()).isNotBlank();
            } else {
                assertThat(((PeerVerdict.Trusted) verdict).identity().chain()).isNotEmpty();
            }
        }
    }

    @FuzzTest
    @Timeout(10)
    void a_join_answer_completes_the_join_or_is_refused_with_a_reason(byte[] joined) {
        List<X509Certificate> answer;
        try {
            answer = DerChain.decode(joined);
        } catch (IllegalArgumentException refused) {
            return;
        }
        try {
            NodeCredentials joinedNode = CertificateAuthority.completeJoin(FIXTURE.pending(), answer, KeySuite.GM,
                    FIXTURE.clock());
            assertThat(joinedNode.region()).isEqualTo(FIXTURE.pending().region());
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /**
     * A city's TLS chain (leaf, city CA, province CA, root) and the city CA's key, written once by
     * {@link FuzzSeedCorpus}; the clock stands just after the newest certificate was issued.
     */
    record ChainFixture(List<X509Certificate> tlsChain, PrivateKey cityCaKey, byte[] cityCsr) {

        static final String CHAIN = "fuzz/city-tls-chain.pem";
        static final String CA_KEY = "fuzz/city-ca-key.pem";
        static final String CSR = "fuzz/city-ca-csr.pem";

        static ChainFixture load() {
            return new ChainFixture(Pem.readCertificates(resource(CHAIN)), Pem.readPrivateKey(resource(CA_KEY)),
                    Pem.readCsr(resource(CSR)));
        }

        Clock clock() {
            Instant newest = tlsChain.stream().map(c -> c.getNotBefore().toInstant()).max(Comparator.naturalOrder())
                    .orElseThrow();
            return Clock.fixed(newest.plusSeconds(60), ZoneOffset.UTC);
        }

        PeerCertificateValidator validator() {
            X509Certificate root = tlsChain.get(tlsChain.size() - 1);
            return new PeerCertificateValidator(root, new RevocationRegistry(root, clock()), clock());
        }

        /** The city's join as it stood before the province answered: its CA key, and the CSR it sent. */
        PendingJoin pending() {
            X509Certificate cityCa = tlsChain.get(1);
            RegionCode city = CertificateProfiles.regionOf(cityCa).orElseThrow();
            return new PendingJoin(city, new KeyPair(cityCa.getPublicKey(), cityCaKey), cityCsr);
        }

        private static String resource(String name) {
            try (InputStream in = CertificateChainFuzzTest.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing fuzz fixture " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
