package dev.cascade.node.ledger.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.ledger.AuditFailure;
import dev.cascade.protocol.ledger.AuditReport;
import dev.cascade.protocol.ledger.ExportHeader;
import dev.cascade.protocol.ledger.Frontier;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerExportFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleLedger ledger;

    @BeforeAll
    void ledger() {
        ledger = new SampleLedger(30, 8);
    }

    private AuditReport audit(byte[] export) throws IOException {
        return LedgerExportFile.audit(new ByteArrayInputStream(export), ledger.nodeCertificate());
    }

    private static List<String> lines(byte[] export) {
        return new ArrayList<>(Arrays.asList(new String(export, StandardCharsets.UTF_8).split("\n")));
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_written_export_reads_back_and_verifies() throws IOException {
        AuditReport report = audit(ledger.export(0, 30));
        assertThat(report.verdict()).isInstanceOf(AuditReport.Verified.class);
        assertThat(report.entriesChecked()).isEqualTo(30);
        assertThat(report.headsVerified()).isEqualTo(3);
        assertThat(report.anchoredHeadsVerified()).isEqualTo(3);
        assertThat(report.uncoveredEntries()).isEqualTo(6);
    }

    @Test
    void a_written_range_export_reads_back_and_verifies_from_its_frontier() throws IOException {
        AuditReport report = audit(ledger.export(11, 24));
        assertThat(report.verdict()).isInstanceOf(AuditReport.Verified.class);
        assertThat(report.entriesChecked()).isEqualTo(13);
        assertThat(report.headsVerified()).as("8 (newest at or before 11), 16, 24").isEqualTo(3);
        assertThat(report.uncoveredEntries()).isZero();
    }

    @Test
    void the_file_is_one_json_object_per_line_header_entries_heads_as_the_protocol_page_has_it() throws IOException {
        List<String> lines = lines(ledger.export(3, 9));
        assertThat(lines).as("header, entries 3 to 8, the head of size 8").hasSize(1 + 6 + 1);
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.path("format").asText()).isEqualTo("cascade-ledger-export/1");
        assertThat(header.path("region").asText()).isEqualTo("440100");
        assertThat(header.path("hash").asText()).isEqualTo("SM3");
        assertThat(header.path("from").asLong()).isEqualTo(3);
        assertThat(header.path("to").asLong()).isEqualTo(9);
        assertThat(header.path("chain").size()).isEqualTo(4);
        assertThat(header.path("frontier")).extracting(f -> f.path("level").asInt() + "/" + f.path("index").asLong())
                .containsExactly("1/0", "0/2");
        JsonNode entry = JSON.readTree(lines.get(1)).path("entry");
        assertThat(entry.path("index").asLong()).isEqualTo(3);
        assertThat(entry.path("digest").asText()).isEmpty();
        assertThat(entry.path("leafHash").asText()).hasSize(64);
        assertThat(JSON.readTree(lines.get(2)).path("entry").path("digest").asText()).isEqualTo("0407");
        JsonNode head = JSON.readTree(lines.get(7)).path("head");
        assertThat(head.path("encoded").asText()).isNotEmpty();
        assertThat(head.path("anchor").path("parent").asText()).isEqualTo("440000");
        assertThat(head.path("anchor").path("chain").size()).isEqualTo(3);
    }

    @Test
    void an_edited_entry_in_the_file_is_reported_at_its_index() throws IOException {
        List<String> lines = lines(ledger.export(0, 30));
        lines.set(1 + 13, lines.get(1 + 13).replace("granted read", "denied read"));
        AuditReport.FirstBadIndex bad = (AuditReport.FirstBadIndex) audit(join(lines)).verdict();
        assertThat(bad.index()).isEqualTo(13);
        assertThat(bad.failure()).isEqualTo(AuditFailure.LEAF_MISMATCH);
    }

    @Test
    void a_line_that_is_not_json_is_named() {
        List<String> lines = lines(ledger.export(0, 10));
        lines.set(4, lines.get(4).substring(0, 30));
        assertThatThrownBy(() -> audit(join(lines))).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("line 5: not JSON");
    }

    @Test
    void a_missing_field_is_named_with_its_line() {
        List<String> lines = lines(ledger.export(0, 10));
        lines.set(3, lines.get(3).replaceFirst("\"detail\":\"[^\"]*\",", ""));
        assertThatThrownBy(() -> audit(join(lines))).isInstanceOf(MalformedExportException.class)
                .hasMessage("line 4: entry has no field \"detail\"");
    }

    @Test
    void a_value_the_protocol_refuses_is_a_malformed_line() {
        List<String> lines = lines(ledger.export(0, 10));
        lines.set(0, lines.get(0).replace("\"region\":\"440100\"", "\"region\":\"440106\""));
        assertThatThrownBy(() -> audit(join(lines))).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("line 1: ").hasMessageContaining("county-level");
    }

    @Test
    void an_entry_after_the_heads_or_a_foreign_first_line_is_malformed() {
        List<String> lines = lines(ledger.export(0, 10));
        lines.add(lines.get(1));
        assertThatThrownBy(() -> audit(join(lines))).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("line 13: an entry after the heads");
        assertThatThrownBy(() -> audit("{\"format\":\"other/2\"}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedExportException.class).hasMessageContaining("line 1: not a cascade-ledger-export/1 header");
        assertThatThrownBy(() -> audit(new byte[0])).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void the_writer_keeps_the_order_of_the_format() throws IOException {
        LedgerExportWriter writer = LedgerExportFile.writer(new ByteArrayOutputStream());
        LedgerEntry entry = new LedgerEntry(0, 1, "t", "a", "s", "d", null);
        assertThatThrownBy(() -> writer.entry(entry, new byte[32])).isInstanceOf(IllegalStateException.class);
        writer.header(new ExportHeader(SampleLedger.CITY, LedgerHash.SM3, 0, 0, Frontier.empty(LedgerHash.SM3),
                List.of(ledger.nodeCertificate())));
        assertThatThrownBy(() -> writer.header(new ExportHeader(SampleLedger.CITY, LedgerHash.SM3, 0, 0,
                Frontier.empty(LedgerHash.SM3), List.of(ledger.nodeCertificate())))).isInstanceOf(IllegalStateException.class);
    }
}
