package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.NANJING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The chain is standard X.509: OpenSSL, knowing nothing of Cascade, accepts it and enforces the region constraints. */
@EnabledIf("opensslInstalled")
class OpenSslVerifyTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static TestHierarchy h;

    @TempDir
    Path dir;

    static boolean opensslInstalled() {
        return Files.isExecutable(OPENSSL);
    }

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void openssl_verifies_the_city_tls_chain() throws Exception {
        Result result = verify(h.city.tlsCertificate(), List.of(h.city.caCertificate(), h.province.caCertificate()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK");
    }

    @Test
    void openssl_verifies_the_sm2_application_certificate_chain() throws Exception {
        Result result = verify(h.city.appCertificate(), List.of(h.city.caCertificate(), h.province.caCertificate()));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void openssl_refuses_a_city_certificate_for_another_province() throws Exception {
        KeyPair key = Forgery.p256();
        X509Certificate forged = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), key.getPublic(),
                NANJING.dnsName(), h.now);
        Result result = verify(forged, List.of(h.city.caCertificate(), h.province.caCertificate()));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).containsIgnoringCase("subtree");
    }

    private Result verify(X509Certificate leaf, List<X509Certificate> intermediates) throws IOException, InterruptedException {
        Path root = write("root.pem", Pem.writeCertificate(h.national.root()));
        Path untrusted = write("intermediates.pem", Pem.writeCertificates(intermediates));
        Path leafFile = write("leaf.pem", Pem.writeCertificate(leaf));
        Process process = new ProcessBuilder(OPENSSL.toString(), "verify", "-CAfile", root.toString(),
                "-untrusted", untrusted.toString(), leafFile.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private record Result(int exitCode, String output) {
    }
}
