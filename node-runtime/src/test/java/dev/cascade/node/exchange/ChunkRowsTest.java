package dev.cascade.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.exchange.Row;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkRowsTest {

    private static final List<Row> AWKWARD = List.of(
            Row.of("110101199003071234", null, ""),
            Row.of("a, b", "say \"hi\"", "line one\nline two\r\nline three"),
            Row.of("北京市朝阳区", "张三", "😀👍🏽"),
            Row.of(null, null, null),
            Row.of("\\", "\t", "[\"not\",\"a row\"]"));

    @Test
    void rowsReadBackExactlyAsWrittenIncludingNullsEmptiesAndAwkwardText() {
        ChunkRows.Writer writer = new ChunkRows.Writer(1024);
        AWKWARD.forEach(writer::add);

        assertThat(read(writer.take())).containsExactlyElementsOf(AWKWARD);
    }

    @Test
    void aNullValueStaysNullAndAnEmptyValueStaysEmpty() {
        ChunkRows.Writer writer = new ChunkRows.Writer(64);
        writer.add(Row.of(null, ""));

        Row back = read(writer.take()).get(0);

        assertThat(back.get(0)).isNull();
        assertThat(back.get(1)).isNotNull().isEmpty();
    }

    @Test
    void countIsTheNumberOfRowsEvenWhenValuesHoldLineBreaks() {
        ChunkRows.Writer writer = new ChunkRows.Writer(1024);
        AWKWARD.forEach(writer::add);
        byte[] plaintext = writer.take();

        assertThat(ChunkRows.count(plaintext)).isEqualTo(AWKWARD.size());
        assertThat(ChunkRows.count(new byte[0])).isZero();
    }

    @Test
    void theChunkIsUtf8TextOneRowPerLine() {
        ChunkRows.Writer writer = new ChunkRows.Writer(64);
        writer.add(Row.of("张三", null));
        writer.add(Row.of("x"));

        assertThat(new String(writer.take(), StandardCharsets.UTF_8)).isEqualTo("[\"张三\",null]\n[\"x\"]\n");
    }

    @Test
    void takeStartsTheNextChunkEmpty() {
        ChunkRows.Writer writer = new ChunkRows.Writer(64);
        writer.add(Row.of("first chunk", "1"));
        writer.add(Row.of("first chunk", "2"));
        byte[] first = writer.take();

        assertThat(writer.size()).isZero();
        assertThat(writer.take()).isEmpty();

        writer.add(Row.of("second chunk", "3"));
        byte[] second = writer.take();

        assertThat(read(first)).containsExactly(Row.of("first chunk", "1"), Row.of("first chunk", "2"));
        assertThat(read(second)).containsExactly(Row.of("second chunk", "3"));
        assertThat(ChunkRows.count(second)).isEqualTo(1);
    }

    @Test
    void sizeIsTheBytesCollectedSoFar() {
        ChunkRows.Writer writer = new ChunkRows.Writer(64);
        writer.add(Row.of("张三"));

        assertThat(writer.size()).isEqualTo("[\"张三\"]\n".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aChunkThatIsNotRowsIsRefused() {
        byte[] broken = "[\"a\",\"b\"\n[".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> read(broken)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("does not hold rows");
    }

    private static List<Row> read(byte[] plaintext) {
        List<Row> rows = new ArrayList<>();
        ChunkRows.read(plaintext, rows::add);
        return rows;
    }
}
