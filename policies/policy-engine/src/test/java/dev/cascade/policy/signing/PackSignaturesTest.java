package dev.cascade.policy.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PendingJoin;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PackSignaturesTest {

    static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

    static NodeCredentials national;
    static NodeCredentials guangdong;
    static byte[] baseline;
    static byte[] guangdongPack;

    @BeforeAll
    static void hierarchy() throws Exception {
        national = CertificateAuthority.initNational(KeySuite.GM, CLOCK);
        guangdong = join(national, RegionCode.parse("440000"), KeySuite.GM);
        baseline = Files.readAllBytes(Path.of("..", "packs", "national-baseline", "pack.yaml"));
        guangdongPack = Files.readAllBytes(Path.of("..", "packs", "guangdong-example", "pack.yaml"));
    }

    static NodeCredentials join(NodeCredentials parent, RegionCode child, KeySuite suite) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority ca = new CertificateAuthority(parent, CLOCK);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
        List<X509Certificate> chain = ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region()));
        return CertificateAuthority.completeJoin(pending, chain, suite, CLOCK);
    }

    @Test
    void aPackSignedByItsIssuerVerifies() {
        PackSignature signature = PackSignatures.sign(guangdongPack, guangdong);

        PackVerification result = PackSignatures.verify(guangdongPack, signature, guangdong.appCertificate());

        assertThat(result).isInstanceOfSatisfying(PackVerification.Verified.class, v -> {
            assertThat(v.pack().id()).isEqualTo("guangdong-example");
            assertThat(v.signer()).isEqualTo(guangdong.appCertificate());
        });
        assertThat(signature.certificates()).hasSize(1 + guangdong.caChain().size());
    }

    @Test
    void theIntlSuiteWorksToo() {
        NodeCredentials intl = CertificateAuthority.initNational(KeySuite.INTL, CLOCK);

        PackSignature signature = PackSignatures.sign(baseline, intl);

        assertThat(PackSignatures.verify(baseline, signature, intl.appCertificate()))
                .isInstanceOf(PackVerification.Verified.class);
    }

    @Test
    void aTamperedPackIsRefused() {
        PackSignature signature = PackSignatures.sign(baseline, national);
        String text = new String(baseline, StandardCharsets.UTF_8);
        int at = text.indexOf("row-limit: 100000");
        byte[] tampered = baseline.clone();
        tampered[at + "row-limit: ".length()] = '9';

        PackVerification result = PackSignatures.verify(tampered, signature, national.appCertificate());

        assertThat(result).isInstanceOfSatisfying(PackVerification.Refused.class, r -> {
            assertThat(r.failure()).isEqualTo(PackVerification.Failure.SIGNATURE_INVALID);
            assertThat(r.detail()).contains("do not match the signature");
        });
    }

    @Test
    void everySingleByteMattersIncludingWhitespace() {
        PackSignature signature = PackSignatures.sign(baseline, national);
        byte[] extraNewline = new byte[baseline.length + 1];
        System.arraycopy(baseline, 0, extraNewline, 0, baseline.length);
        extraNewline[baseline.length] = '\n';

        assertThat(PackSignatures.verify(extraNewline, signature, national.appCertificate()))
                .isInstanceOf(PackVerification.Refused.class);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        byte[] sig = PackSignatures.sign(baseline, national).signature();
        sig[sig.length - 1] ^= 0x01;

        PackVerification result = PackSignatures.verify(baseline, new PackSignature(sig,
                List.of(national.appCertificate())), national.appCertificate());

        assertThat(result).isInstanceOfSatisfying(PackVerification.Refused.class, r ->
                assertThat(r.failure()).isEqualTo(PackVerification.Failure.SIGNATURE_INVALID));
    }

    @Test
    void aSignatureCheckedAgainstAnotherNodesCertificateIsRefused() {
        PackSignature signature = PackSignatures.sign(baseline, national);

        PackVerification result = PackSignatures.verify(baseline, signature, guangdong.appCertificate());

        assertThat(result).isInstanceOfSatisfying(PackVerification.Refused.class, r ->
                assertThat(r.failure()).isEqualTo(PackVerification.Failure.SIGNATURE_INVALID));
    }

    @Test
    void aPackSignedByANodeOfAnotherRegionThanItsIssuerIsRefused() {
        // Guangdong signs the national pack's bytes: a valid signature, but not the issuer's.
        PackSignature signature = new PackSignature(Signatures.signAsNode(guangdong, baseline),
                List.of(guangdong.appCertificate()));

        PackVerification result = PackSignatures.verify(baseline, signature, guangdong.appCertificate());

        assertThat(result).isInstanceOfSatisfying(PackVerification.Refused.class, r -> {
            assertThat(r.failure()).isEqualTo(PackVerification.Failure.ISSUER_REGION_MISMATCH);
            assertThat(r.detail()).isEqualTo(
                    "pack national-baseline names issuer 100000 but was signed by the node of 440000");
        });
    }

    @Test
    void aNodeCannotSignAPackNamingAnotherIssuer() {
        assertThatThrownBy(() -> PackSignatures.sign(baseline, guangdong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pack national-baseline names issuer 100000; node 440000 cannot sign it");
    }

    @Test
    void aCorrectlySignedButInvalidPackIsRefusedAsMalformed() {
        byte[] invalid = "format: cascade.policy-pack/v1\nid: x\n".getBytes(StandardCharsets.UTF_8);
        PackSignature signature = new PackSignature(Signatures.signAsNode(national, invalid),
                List.of(national.appCertificate()));

        assertThat(PackSignatures.verify(invalid, signature, national.appCertificate()))
                .isInstanceOfSatisfying(PackVerification.Refused.class, r ->
                        assertThat(r.failure()).isEqualTo(PackVerification.Failure.PACK_MALFORMED));
    }

    @Test
    void theSignatureFileRoundTrips() {
        PackSignature signature = PackSignatures.sign(guangdongPack, guangdong);

        byte[] file = signature.toBytes();
        PackSignature read = PackSignature.parse(file);

        assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("# Detached signature")
                .contains("format: " + PackSignature.FORMAT + "\nsignature: ");
        assertThat(read.signature()).isEqualTo(signature.signature());
        assertThat(read.certificates()).isEqualTo(signature.certificates());
        assertThat(PackSignatures.verify(guangdongPack, file, read.signer()))
                .isInstanceOf(PackVerification.Verified.class);
    }

    @Test
    void anUnreadableSignatureFileIsRefusedAsMalformed() {
        byte[] file = "format: cascade.policy-pack-signature/v1\nsignature: '***'\ncertificates: none\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(PackSignatures.verify(baseline, file, national.appCertificate()))
                .isInstanceOfSatisfying(PackVerification.Refused.class, r -> {
                    assertThat(r.failure()).isEqualTo(PackVerification.Failure.SIGNATURE_MALFORMED);
                    assertThat(r.detail()).isEqualTo("signature file: the signature is not base64");
                });
    }
}
