package dev.cascade.node.ledger.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cascade.protocol.ledger.AuditReport;
import dev.cascade.protocol.trust.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a ledger export file as {@code cascade-node audit verify} reads it, against the
 * certificate of the node that wrote it (a committed fixture, so that an input means the same in
 * every run). A clear refusal is a {@link MalformedExportException} naming its line; a well-formed
 * file with wrong content is an audit report naming the first bad index. Anything else is a finding.
 */
@Tag("fuzz")
class LedgerExportFuzzTest {

    static final String NODE_CERTIFICATE = "fuzz/node-certificate.pem";

    private static final X509Certificate NODE = nodeCertificate();

    @FuzzTest
    @Timeout(10)
    void an_export_audits_to_a_report_or_is_refused_at_a_line(byte[] file) throws IOException {
        AuditReport report;
        try {
            report = LedgerExportFile.audit(new ByteArrayInputStream(file), NODE);
        } catch (MalformedExportException refused) {
            assertThat(refused.line()).isPositive();
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(report.verdict()).isNotNull();
    }

    private static X509Certificate nodeCertificate() {
        try (InputStream in = LedgerExportFuzzTest.class.getResourceAsStream(NODE_CERTIFICATE)) {
            if (in == null) {
                throw new IllegalStateException("missing fuzz fixture " + NODE_CERTIFICATE);
            }
            return Pem.readCertificate(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
