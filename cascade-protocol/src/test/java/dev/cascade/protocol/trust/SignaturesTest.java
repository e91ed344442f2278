package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignaturesTest {

    private static final byte[] DATA = "exchange 42 granted".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_signature_verifies_with_the_app_certificate_and_only_for_the_signed_data(KeySuite suite) {
        NodeCredentials node = CertificateAuthority.initNational(suite, Clock.systemUTC());
        byte[] signature = Signatures.sign(node.appKey(), suite, DATA);
        assertThat(Signatures.verify(node.appCertificate(), DATA, signature)).isTrue();
        assertThat(Signatures.verify(node.appCertificate(), "exchange 43 granted".getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
        assertThat(Signatures.verify(node.appCertificate(), DATA, new byte[] {1, 2, 3})).isFalse();
        NodeCredentials other = CertificateAuthority.initNational(suite, Clock.systemUTC());
        assertThat(Signatures.verify(other.appCertificate(), DATA, signature)).isFalse();
    }

    @Test
    void gm_signatures_are_sm3_with_sm2() throws Exception {
        NodeCredentials node = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
        Signature sm2 = Signature.getInstance("SM3withSM2", Algorithms.BC);
        sm2.initVerify(node.appCertificate().getPublicKey());
        sm2.update(DATA);
        assertThat(sm2.verify(Signatures.sign(node.appKey(), KeySuite.GM, DATA))).isTrue();
    }

    @Test
    void intl_signatures_are_sha256_with_ecdsa() throws Exception {
        NodeCredentials node = CertificateAuthority.initNational(KeySuite.INTL, Clock.systemUTC());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(node.appCertificate().getPublicKey());
        ecdsa.update(DATA);
        assertThat(ecdsa.verify(Signatures.sign(node.appKey(), KeySuite.INTL, DATA))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_verifier_bound_to_a_key_agrees_with_verify_call_after_call(KeySuite suite) {
        NodeCredentials node = CertificateAuthority.initNational(suite, Clock.systemUTC());
        byte[] signature = Signatures.sign(node.appKey(), suite, DATA);
        byte[] other = "exchange 43 granted".getBytes(StandardCharsets.UTF_8);
        SignatureVerifier verifier = Signatures.verifierFor(node.appCertificate().getPublicKey());
        // Alternate good and bad inputs: a refusal must not leave state that spoils the next check.
        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(DATA, signature)).isTrue();
            assertThat(verifier.verify(other, signature)).isFalse();
            assertThat(verifier.verify(DATA, new byte[] {1, 2, 3})).isFalse();
            assertThat(verifier.verify(DATA, null)).isFalse();
        }
        SignatureVerifier stranger = Signatures.verifierFor(
                CertificateAuthority.initNational(suite, Clock.systemUTC()).appCertificate().getPublicKey());
        assertThat(stranger.verify(DATA, signature)).isFalse();
    }

    @Test
    void gm_signing_keeps_each_key_apart_when_one_thread_alternates_between_keys_and_threads_share_one() throws Exception {
        NodeCredentials first = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
        NodeCredentials second = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            byte[] data = ("message " + i).getBytes(StandardCharsets.UTF_8);
            NodeCredentials signer = i % 2 == 0 ? first : second;
            NodeCredentials stranger = i % 2 == 0 ? second : first;
            byte[] signature = Signatures.sign(signer.appKey(), KeySuite.GM, data);
            assertThat(Signatures.verify(signer.appCertificate(), data, signature)).isTrue();
            assertThat(Signatures.verify(stranger.appCertificate(), data, signature)).isFalse();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] data = ("concurrent " + i).getBytes(StandardCharsets.UTF_8);
                checks.add(pool.submit(() -> Signatures.verify(first.appCertificate(), data,
                        Signatures.sign(first.appKey(), KeySuite.GM, data))));
            }
            for (java.util.concurrent.Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
