package dev.cascade.protocol.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora and the chain fixture of this module's fuzz targets with the real
 * encoders: a national → 440000 → 440100 hierarchy joined through the onboarding API. Run on
 * demand ({@code deploy/local/fuzz.sh --write-seeds}, which sets {@value #DIRECTORY} to the
 * module's src/test/resources) and commit what it writes; the fuzzers grow from these.
 */
@Tag("fuzz")
class FuzzSeedCorpus {

    static final String DIRECTORY = "cascade.fuzz.seeds";

    @Test
    @EnabledIfSystemProperty(named = DIRECTORY, matches = ".+")
    void writes_the_seed_corpora_and_the_chain_fixture() throws IOException {
        Path trust = Path.of(System.getProperty(DIRECTORY)).resolve("dev/cascade/protocol/trust");
        Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        NodeCredentials province = join(national, CertificateAuthority.prepareJoin(TestHierarchy.GUANGDONG), clock);
        PendingJoin cityJoin = CertificateAuthority.prepareJoin(TestHierarchy.GUANGZHOU);
        NodeCredentials city = join(province, cityJoin, clock);

        Path fixture = trust.resolve("fuzz");
        write(fixture.resolve("city-tls-chain.pem"), Pem.writeCertificates(city.tlsChain()).getBytes(StandardCharsets.US_ASCII));
        write(fixture.resolve("city-ca-key.pem"), Pem.writePrivateKey(city.caKey()).getBytes(StandardCharsets.US_ASCII));
        write(fixture.resolve("city-ca-csr.pem"), Pem.writeCsr(cityJoin.csrDer()).getBytes(StandardCharsets.US_ASCII));

        Path join = trust.resolve("JoinRequestFuzzTestInputs");
        Path csr = join.resolve("a_csr_is_accepted_for_the_expected_region_or_refused_with_a_problem");
        write(csr.resolve("csr-for-440100"), CertificateAuthority.prepareJoin(TestHierarchy.GUANGZHOU).csrDer());
        write(csr.resolve("csr-for-440300"), CertificateAuthority.prepareJoin(TestHierarchy.SHENZHEN).csrDer());
        write(join.resolve("a_join_token_parses_or_is_refused_naming_its_rule").resolve("token"),
                JoinToken.generate(new SecureRandom(), Fingerprints.pin(national.root())).encode()
                        .getBytes(StandardCharsets.US_ASCII));

        Path chains = trust.resolve("CertificateChainFuzzTestInputs");
        Path peer = chains.resolve("a_peer_chain_is_decoded_and_trusted_or_refused_with_a_reason");
        write(peer.resolve("city-tls-chain"), DerChain.encode(city.tlsChain()));
        write(peer.resolve("city-app-chain"), DerChain.encode(city.appChain()));
        write(peer.resolve("province-ca-chain"), DerChain.encode(province.caChain()));
        write(chains.resolve("a_join_answer_completes_the_join_or_is_refused_with_a_reason").resolve("city-ca-chain"),
                DerChain.encode(city.caChain()));
    }

    private static NodeCredentials join(NodeCredentials parent, PendingJoin pending, Clock clock) {
        CertificateAuthority ca = new CertificateAuthority(parent, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), pending.region());
        List<X509Certificate> answer = ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region()));
        return CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, clock);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
