package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaksAndTheNextRecordNamesItsOwnLine() throws IOException {
        String csv = "a,b\r\n1,\"x, \"\"y\"\"\r\nz\"\n\n2,last\n";
        try (CsvRecords records = records(csv.getBytes(StandardCharsets.UTF_8), TextEncoding.UTF_8)) {
            assertThat(records.next()).containsExactly("a", "b");
            assertThat(records.next()).containsExactly("1", "x, \"y\"\r\nz");
            assertThat(records.recordLine()).isEqualTo(2);
            assertThat(records.next()).containsExactly("2", "last");
            assertThat(records.recordLine()).isEqualTo(5);
            assertThat(records.next()).isNull();
        }
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsABadRecordNamingItsLine() {
        assertThatThrownBy(() -> all("a,b\n1,2\n3,x\"y\n"))
                .isInstanceOfSatisfying(SourceFailure.class, f -> assertThat(f.reason()).isEqualTo(SourceFailure.Reason.BAD_RECORD))
                .hasMessageStartingWith("line 3:");
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpensOn() {
        assertThatThrownBy(() -> all("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(SourceFailure.class).hasMessage("line 2: a quoted field is never closed");
    }

    @Test
    void bytesInvalidInTheEncodingNameTheirLineEvenFarIntoTheFile() {
        StringBuilder good = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            good.append(i).append(",名称").append(i).append('\n');
        }
        byte[] head = good.toString().getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "9,北京\n".getBytes(Charset.forName("GBK"));
        byte[] all = new byte[head.length + gbk.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(gbk, 0, all, head.length, gbk.length);
        assertThatThrownBy(() -> {
            try (CsvRecords r = records(all, TextEncoding.UTF_8)) {
                while (r.next() != null) {
                    // read on
                }
            }
        }).isInstanceOfSatisfying(SourceFailure.class, f -> assertThat(f.reason()).isEqualTo(SourceFailure.Reason.BAD_ENCODING))
                .hasMessageStartingWith("line 20002:");
    }

    @Test
    void aByteOrderMarkIsSkippedInUtf8AndRefusedInGbk() throws IOException {
        byte[] bom = "\uFEFFa,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        try (CsvRecords r = records(bom, TextEncoding.UTF_8)) {
            assertThat(r.next()).containsExactly("a", "b");
        }
        assertThatThrownBy(() -> records(bom, TextEncoding.GBK)).isInstanceOf(SourceFailure.class)
                .hasMessageContaining("byte-order mark");
    }

    private static List<List<String>> all(String csv) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvRecords r = records(csv.getBytes(StandardCharsets.UTF_8), TextEncoding.UTF_8)) {
            List<String> rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
        }
        return out;
    }

    private static CsvRecords records(byte[] bytes, TextEncoding encoding) throws IOException {
        return new CsvRecords(CharInput.open(new ByteArrayInputStream(bytes), encoding));
    }
}
