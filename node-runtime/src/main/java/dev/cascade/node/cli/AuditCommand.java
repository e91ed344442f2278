package dev.cascade.node.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;

import dev.cascade.node.ledger.export.LedgerExportFile;
import dev.cascade.node.ledger.export.MalformedExportException;
import dev.cascade.protocol.ledger.AuditReport;
import dev.cascade.protocol.trust.Pem;
import dev.cascade.protocol.trust.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", description = "Check a node's audit ledger.", subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to audit: `cascade-node audit verify --export FILE --cert NODE_CERT`",
                CliFailure.UNUSABLE_INPUT);
    }

    /**
     * The ledger's fsck, offline (docs/protocols/ledger.md §6): no network, no database, trusting
     * only the node certificate given. Exit 0 verified, 1 a bad index found, 2 input unusable, so
     * a script never mistakes an unreadable file for a tampered ledger.
     */
    @Command(name = "verify", description = "Verify a ledger export offline against the node's application certificate.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--export", required = true, paramLabel = "FILE", description = "the export (GET /api/v1/audit/export)")
        Path export;
        @Option(names = "--cert", required = true, paramLabel = "NODE_CERT",
                description = "the node's application certificate (PEM), obtained out of band")
        Path cert;

        @Override
        public Integer call() {
            X509Certificate nodeCertificate = nodeCertificate();
            if (!Files.isRegularFile(export)) {
                throw new CliFailure("no export file at " + export, CliFailure.UNUSABLE_INPUT);
            }
            AuditReport report;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(export))) {
                report = LedgerExportFile.audit(in, nodeCertificate);
            } catch (IOException e) {
                throw new CliFailure("cannot read export " + export + ": " + e.getMessage(), CliFailure.UNUSABLE_INPUT);
            } catch (MalformedExportException e) {
                throw new CliFailure("export " + export + " is not a ledger export: " + e.getMessage(), CliFailure.UNUSABLE_INPUT);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("entries checked: %d%n", report.entriesChecked());
            out.printf("heads verified: %d (%d anchored by the parent)%n", report.headsVerified(), report.anchoredHeadsVerified());
            out.printf("entries not yet covered by a head: %d%n", report.uncoveredEntries());
            if (report.verdict() instanceof AuditReport.FirstBadIndex bad) {
                out.printf("first bad index %d: %s (%s)%n", bad.index(), bad.detail(), bad.failure());
            } else {
                out.println("ledger verified");
            }
            out.flush();
            return report.verified() ? 0 : 1;
        }

        private X509Certificate nodeCertificate() {
            if (!Files.isRegularFile(cert)) {
                throw new CliFailure("no node certificate file at " + cert, CliFailure.UNUSABLE_INPUT);
            }
            try {
                X509Certificate certificate = Pem.readCertificate(Files.readString(cert));
                // The audit needs the key to be a node application key; say so here, as a bad input.
                Signatures.verifierFor(certificate.getPublicKey());
                return certificate;
            } catch (CharacterCodingException e) {
                throw new CliFailure("cannot read node certificate " + cert + ": not PEM text", CliFailure.UNUSABLE_INPUT);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliFailure("cannot read node certificate " + cert + ": " + e.getMessage(), CliFailure.UNUSABLE_INPUT);
            }
        }
    }
}
