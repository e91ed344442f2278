package dev.cascade.node.ledger.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.ledger.AuditReport;
import dev.cascade.protocol.ledger.ExportHeader;
import dev.cascade.protocol.ledger.ExportedAnchor;
import dev.cascade.protocol.ledger.ExportedHead;
import dev.cascade.protocol.ledger.Frontier;
import dev.cascade.protocol.ledger.LedgerAudit;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.region.RegionCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an export one line at a time and feeds each line to a {@link LedgerAudit} as it goes:
 * only the current line is parsed and held. A line that is not the format stops the read with a
 * {@link MalformedExportException} naming it; content that is well formed but wrong (an edited
 * entry, a forged head) is the audit's to report.
 */
final class LedgerExportReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader lines;
    private long lineNumber;

    LedgerExportReader(InputStream in) {
        // A decoder that reports malformed UTF-8 instead of replacing it: replaced bytes would be
        // reported as a leaf mismatch, when the file is simply not UTF-8.
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    }

    AuditReport audit(X509Certificate nodeCertificate) throws IOException {
        ExportLine first = next().orElseThrow(() -> new MalformedExportException(1, "the export is empty, with no header"));
        LedgerAudit audit = LedgerAudit.of(header(first), nodeCertificate);
        boolean readingHeads = false;
        for (Optional<ExportLine> line = next(); line.isPresent(); line = next()) {
            ExportLine object = line.get();
            if (object.fieldCount() == 1 && object.has("entry")) {
                if (readingHeads) {
                    throw object.malformed("an entry after the heads: an export lists every entry first");
                }
                ExportLine entry = object.object("entry");
                audit.entry(within(entry, () -> entry(entry)), entry.hex("leafHash"));
            } else if (object.fieldCount() == 1 && object.has("head")) {
                readingHeads = true;
                ExportLine head = object.object("head");
                audit.head(within(head, () -> head(head)));
            } else {
                throw object.malformed("neither an entry nor a head: expected {\"entry\":…} or {\"head\":…}");
            }
        }
        return audit.report();
    }

    private Optional<ExportLine> next() throws IOException {
        String text;
        try {
            text = lines.readLine();
        } catch (CharacterCodingException e) {
            throw new MalformedExportException(lineNumber + 1, "not UTF-8");
        }
        if (text == null) {
            return Optional.empty();
        }
        lineNumber++;
        try {
            return Optional.of(new ExportLine(lineNumber, "", JSON.readTree(text)));
        } catch (JsonProcessingException e) {
            throw new MalformedExportException(lineNumber, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static ExportHeader header(ExportLine line) {
        if (!line.has("format") || !LedgerExportFile.FORMAT.equals(line.text("format"))) {
            throw line.malformed("not a " + LedgerExportFile.FORMAT + " header");
        }
        return within(line, () -> {
            LedgerHash hash = LedgerHash.valueOf(line.text("hash"));
            long from = line.whole("from");
            List<Frontier.Subtree> subtrees = new ArrayList<>();
            for (ExportLine subtree : line.objects("frontier")) {
                subtrees.add(new Frontier.Subtree(Math.toIntExact(subtree.whole("level")), subtree.whole("index"),
                        subtree.hex("hash")));
            }
            return new ExportHeader(RegionCode.parse(line.text("region")), hash, from, line.whole("to"),
                    new Frontier(hash, from, subtrees), line.certificates("chain"));
        });
    }

    private static LedgerEntry entry(ExportLine entry) {
        return new LedgerEntry(entry.whole("index"), entry.whole("occurredAt"), entry.text("type"), entry.text("actor"),
                entry.text("subject"), entry.text("detail"), entry.hex("digest"));
    }

    private static ExportedHead head(ExportLine head) {
        TreeHead treeHead = TreeHead.decode(head.base64("encoded"));
        Optional<ExportedAnchor> anchor = head.nullableObject("anchor").map(a -> new ExportedAnchor(
                RegionCode.parse(a.text("parent")), a.whole("anchoredAt"), a.base64("signature"), a.certificates("chain")));
        return new ExportedHead(treeHead, head.base64("signature"), anchor);
    }

    private interface LineValue<T> {
        T read();
    }

    /** A value the domain refuses (a county region, a 65-byte digest, a head of 49 bytes) is a malformed line. */
    private static <T> T within(ExportLine line, LineValue<T> value) {
        try {
            return value.read();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw line.malformed(e.getMessage());
        }
    }
}
