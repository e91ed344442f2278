package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleTableTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static SampleTable read(byte[] bytes, SampleEncoding encoding, int maxRows) throws IOException {
        return SampleTable.read(new ByteArrayInputStream(bytes), encoding, maxRows);
    }

    private static SampleTable read(String csv) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8), SampleEncoding.AUTO, 100);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        SampleTable t = read("名称,备注\r\n\"深圳市数据局\",\"他说\"\"好\"\",\r\n第二行\"\r\n,\"\"\r\n");

        assertThat(t.header()).containsExactly("名称", "备注");
        assertThat(t.rows()).containsExactly(List.of("深圳市数据局", "他说\"好\",\r\n第二行"), List.of("", ""));
        assertThat(t.column(0)).containsExactly("深圳市数据局", "");
        assertThat(t.encoding()).isEqualTo(SampleEncoding.UTF_8);
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void dropsAUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        SampleTable t = read(concat(bom, "姓名\n张伟\n".getBytes(StandardCharsets.UTF_8)), SampleEncoding.AUTO, 10);

        assertThat(t.header()).containsExactly("姓名");
        assertThat(t.column(0)).containsExactly("张伟");
    }

    @Test
    void detectsGbkWhenTheBytesAreNotUtf8() throws IOException {
        SampleTable t = read("姓名,住址\n张伟,北京市朝阳区建国路88号\n".getBytes(GBK), SampleEncoding.AUTO, 10);

        assertThat(t.encoding()).isEqualTo(SampleEncoding.GBK);
        assertThat(t.rows()).containsExactly(List.of("张伟", "北京市朝阳区建国路88号"));
    }

    @Test
    void readsGbkWhenAsked() throws IOException {
        SampleTable t = read("姓名\n欧阳娜娜\n".getBytes(GBK), SampleEncoding.GBK, 10);

        assertThat(t.column(0)).containsExactly("欧阳娜娜");
    }

    @Test
    void refusesGbkBytesWhenUtf8WasAskedNamingTheLine() {
        byte[] bytes = concat("姓名\n张伟\n".getBytes(StandardCharsets.UTF_8), "李娜\n".getBytes(GBK));

        assertThatThrownBy(() -> read(bytes, SampleEncoding.UTF_8, 10))
                .isInstanceOfSatisfying(SampleFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessage("line 3: a field is not valid UTF-8");
    }

    @Test
    void refusesARowWithTheWrongNumberOfFieldsNamingItsPhysicalLine() {
        String csv = "a,b\n1,\"two\nlines\"\n3,4\n5,6,7\n";

        assertThatThrownBy(() -> read(csv))
                .isInstanceOfSatisfying(SampleFormatException.class, e -> assertThat(e.line()).isEqualTo(5))
                .hasMessage("line 5: 3 fields where the header has 2");
    }

    @Test
    void refusesAnUnterminatedQuoteNamingTheLineItOpensOn() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"four\n5,6\n"))
                .isInstanceOfSatisfying(SampleFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("never closed");
    }

    @Test
    void refusesStrayQuotes() {
        assertThatThrownBy(() -> read("a,b\n1,ab\"c\n"))
                .isInstanceOf(SampleFormatException.class).hasMessage("line 2: a quote inside an unquoted field");
        assertThatThrownBy(() -> read("a,b\n1,\"ab\"c\n"))
                .isInstanceOf(SampleFormatException.class).hasMessage("line 2: text after a closing quote");
    }

    @Test
    void refusesAnEmptyFileAndBinaryContent() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(SampleFormatException.class).hasMessage("line 1: no header row: the file is empty");
        assertThatThrownBy(() -> read("a\u0000b\n")).isInstanceOf(SampleFormatException.class).hasMessageContaining("NUL");
    }

    @Test
    void readsNoMoreThanTheRowLimitAndSaysSo() throws IOException {
        SampleTable t = read("n\n1\n2\n3\n4,too,many,fields\n".getBytes(StandardCharsets.UTF_8), SampleEncoding.AUTO, 3);

        assertThat(t.column(0)).containsExactly("1", "2", "3");
        assertThat(t.truncated()).as("a malformed row past the limit is not read, only noticed").isTrue();
    }

    @Test
    void skipsBlankLines() throws IOException {
        SampleTable t = read("a,b\n\n1,2\n\r\n3,4");

        assertThat(t.rows()).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void parsesEncodingOptionsAsPeopleWriteThem() {
        assertThat(SampleEncoding.fromToken("UTF-8")).isEqualTo(SampleEncoding.UTF_8);
        assertThat(SampleEncoding.fromToken("gbk")).isEqualTo(SampleEncoding.GBK);
        assertThat(SampleEncoding.fromToken("auto")).isEqualTo(SampleEncoding.AUTO);
        assertThatThrownBy(() -> SampleEncoding.fromToken("latin1")).hasMessage("unknown encoding 'latin1'; known: utf-8, gbk, auto");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sample.csv");
        Files.write(file, "手机\n13812345678\n".getBytes(GBK));

        SampleTable t = SampleTable.read(file, SampleEncoding.AUTO, 10);

        assertThat(t.header()).containsExactly("手机");
        assertThat(t.encoding()).isEqualTo(SampleEncoding.GBK);
    }
}
