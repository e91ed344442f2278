package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A leaked copy read whole with the upload parsers: columns by header or member name, encodings, bounds. */
class FileTableTest {

    @Test
    void csvColumnsComeFromTheHeaderAndQuotedFieldsAreUnquoted() {
        byte[] csv = "amount,id_no\r\n\"1,000.25\",A1\r\n12.5,A2\r\n".getBytes(StandardCharsets.UTF_8);

        FileTable.Table t = FileTable.read(csv, FileFormat.CSV, Optional.empty(), 10);

        assertThat(t.schema().columns()).containsExactly("amount", "id_no");
        assertThat(t.rows()).extracting(r -> r.values()).containsExactly(List.of("1,000.25", "A1"), List.of("12.5", "A2"));
        assertThat(t.encoding()).isEqualTo(TextEncoding.UTF_8);
    }

    @Test
    void jsonLinesColumnsAreEveryMemberInOrderOfFirstAppearanceAndAMissingMemberReadsAsNull() {
        byte[] jsonl = "{\"id_no\":\"A1\",\"amount\":12.35}\n{\"updated\":\"2026-10-01T09:00:01\",\"id_no\":\"A2\"}\n"
                .getBytes(StandardCharsets.UTF_8);

        FileTable.Table t = FileTable.read(jsonl, FileFormat.JSON_LINES, Optional.empty(), 10);

        assertThat(t.schema().columns()).containsExactly("id_no", "amount", "updated");
        assertThat(t.rows().get(0).values()).containsExactly("A1", "12.35", null);
        assertThat(t.rows().get(1).values()).containsExactly("A2", null, "2026-10-01T09:00:01");
    }

    @Test
    void anUndeclaredGbkFileIsDetected() {
        byte[] gbk = "名称,amount\n广东企业,1.25\n".getBytes(Charset.forName("GB18030"));

        FileTable.Table t = FileTable.read(gbk, FileFormat.CSV, Optional.empty(), 10);

        assertThat(t.encoding()).isEqualTo(TextEncoding.GBK);
        assertThat(t.schema().columns()).containsExactly("名称", "amount");
        assertThat(t.rows().get(0).get(0)).isEqualTo("广东企业");
    }

    @Test
    void aFileWithoutRowsOrWithMoreThanTheBoundIsRefused() {
        assertThatThrownBy(() -> FileTable.read("id_no\n".getBytes(StandardCharsets.UTF_8), FileFormat.CSV, Optional.empty(), 10))
                .isInstanceOf(SourceFailure.class).hasMessageContaining("no row");
        byte[] eleven = ("id_no\n" + "A\n".repeat(11)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileTable.read(eleven, FileFormat.CSV, Optional.empty(), 10))
                .isInstanceOf(SourceFailure.class).hasMessageContaining("more than 10 rows");
    }

    @Test
    void aRecordOfTheWrongWidthIsRefusedNamingItsLine() {
        byte[] csv = "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FileTable.read(csv, FileFormat.CSV, Optional.empty(), 10))
                .isInstanceOf(SourceFailure.class).hasMessageContaining("line 3");
    }

    @Test
    void aDuplicateHeaderNameIsRefused() {
        byte[] csv = "a,a\n1,2\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FileTable.read(csv, FileFormat.CSV, Optional.empty(), 10))
                .isInstanceOf(SourceFailure.class).hasMessageContaining("'a' a second time");
    }
}
