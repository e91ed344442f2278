package dev.cascade.node.ledger.export;

import dev.cascade.protocol.ledger.AuditReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;

/**
 * The ledger export file of docs/protocols/ledger.md §5: UTF-8 JSON Lines, a header, one line per
 * entry, one per signed head. The auditor API streams it out and {@code cascade-node audit verify}
 * reads it back; both go through here, so the format lives in one place. Plain Jackson, no CDI.
 */
public final class LedgerExportFile {

    static final String FORMAT = "cascade-ledger-export/1";

    private LedgerExportFile() {
    }

    /** A writer of one export onto {@code out}, which stays open when the writer closes. */
    public static LedgerExportWriter writer(OutputStream out) throws IOException {
        return new LedgerExportWriter(out);
    }

    /**
     * Reads an export as it streams and audits it against {@code nodeCertificate}.
     *
     * @throws MalformedExportException naming the line, for anything that is not the format
     */
    public static AuditReport audit(InputStream in, X509Certificate nodeCertificate) throws IOException {
        return new LedgerExportReader(in).audit(nodeCertificate);
    }
}
