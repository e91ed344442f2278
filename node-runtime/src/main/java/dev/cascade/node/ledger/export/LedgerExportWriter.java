package dev.cascade.node.ledger.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cascade.protocol.ledger.ExportHeader;
import dev.cascade.protocol.ledger.ExportedAnchor;
import dev.cascade.protocol.ledger.ExportedHead;
import dev.cascade.protocol.ledger.Frontier;
import dev.cascade.protocol.ledger.LedgerEntry;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Writes one export, line by line as it is given, in the order the format fixes: the header,
 * then entries, then heads. Nothing is held back, so an export of any length streams in constant
 * memory. Not thread-safe.
 */
public final class LedgerExportWriter implements Closeable {

    private enum Section { START, ENTRIES, HEADS }

    // No separator between root values: each line ends with the newline written after it.
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final JsonGenerator json;
    private Section section = Section.START;

    LedgerExportWriter(OutputStream out) throws IOException {
        json = JSON.createGenerator(Objects.requireNonNull(out, "out"));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    public LedgerExportWriter header(ExportHeader header) throws IOException {
        Objects.requireNonNull(header, "header");
        if (section != Section.START) {
            throw new IllegalStateException("an export has one header, first");
        }
        section = Section.ENTRIES;
        json.writeStartObject();
        json.writeStringField("format", LedgerExportFile.FORMAT);
        json.writeStringField("region", header.region().code());
        json.writeStringField("hash", header.hash().name());
        json.writeNumberField("from", header.from());
        json.writeNumberField("to", header.to());
        writeChain("chain", header.chain());
        json.writeArrayFieldStart("frontier");
        for (Frontier.Subtree subtree : header.frontier().subtrees()) {
            json.writeStartObject();
            json.writeNumberField("level", subtree.level());
            json.writeNumberField("index", subtree.index());
            json.writeStringField("hash", HexFormat.of().formatHex(subtree.hash()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        endLine();
        return this;
    }

    /** The next entry, with the leaf hash the node stored when it sequenced it. */
    public LedgerExportWriter entry(LedgerEntry entry, byte[] storedLeafHash) throws IOException {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(storedLeafHash, "storedLeafHash");
        if (section != Section.ENTRIES) {
            throw new IllegalStateException("entries go after the header and before the heads");
        }
        json.writeStartObject();
        json.writeObjectFieldStart("entry");
        json.writeNumberField("index", entry.index());
        json.writeNumberField("occurredAt", entry.occurredAtMillis());
        json.writeStringField("type", entry.type());
        json.writeStringField("actor", entry.actor());
        json.writeStringField("subject", entry.subject());
        json.writeStringField("detail", entry.detail());
        json.writeStringField("digest", HexFormat.of().formatHex(entry.digest()));
        json.writeStringField("leafHash", HexFormat.of().formatHex(storedLeafHash));
        json.writeEndObject();
        json.writeEndObject();
        endLine();
        return this;
    }

    /** The next signed head, ascending by size, with its parent's receipt if it was anchored. */
    public LedgerExportWriter head(ExportedHead head) throws IOException {
        Objects.requireNonNull(head, "head");
        if (section == Section.START) {
            throw new IllegalStateException("heads go after the header");
        }
        section = Section.HEADS;
        Base64.Encoder base64 = Base64.getEncoder();
        json.writeStartObject();
        json.writeObjectFieldStart("head");
        json.writeStringField("encoded", base64.encodeToString(head.head().encoded()));
        json.writeStringField("signature", base64.encodeToString(head.signature()));
        if (head.anchor().isEmpty()) {
            json.writeNullField("anchor");
        } else {
            ExportedAnchor anchor = head.anchor().get();
            json.writeObjectFieldStart("anchor");
            json.writeStringField("parent", anchor.parent().code());
            json.writeNumberField("anchoredAt", anchor.anchoredAtMillis());
            json.writeStringField("signature", base64.encodeToString(anchor.signature()));
            writeChain("chain", anchor.parentChain());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
        endLine();
        return this;
    }

    /** Flushes what is written; the output stream stays open for its owner to close. */
    @Override
    public void close() throws IOException {
        json.close();
    }

    private void writeChain(String field, List<X509Certificate> chain) throws IOException {
        json.writeArrayFieldStart(field);
        for (X509Certificate certificate : chain) {
            try {
                json.writeString(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("a certificate of the chain cannot be encoded: " + e.getMessage(), e);
            }
        }
        json.writeEndArray();
    }

    private void endLine() throws IOException {
        json.writeRaw('\n');
    }
}
