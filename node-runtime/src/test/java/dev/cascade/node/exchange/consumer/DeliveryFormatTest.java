package dev.cascade.node.exchange.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.exchange.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryFormatTest {

    private static final List<String> COLUMNS = List.of("id", "name", "note");

    @Test
    void csvStartsWithAHeaderAndEndsEveryLineWithCrlf() throws IOException {
        String csv = write(DeliveryFormat.CSV, COLUMNS, Row.of("1", "张三", "ok"), Row.of("2", "李四", "fine"));

        assertThat(csv).isEqualTo("id,name,note\r\n1,张三,ok\r\n2,李四,fine\r\n");
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesAndLineBreaksDoublingInnerQuotes() throws IOException {
        String csv = write(DeliveryFormat.CSV, COLUMNS,
                Row.of("a,b", "say \"hi\"", "one\ntwo"),
                Row.of("carriage\rreturn", "plain", "\"\""));

        assertThat(csv).isEqualTo("id,name,note\r\n"
                + "\"a,b\",\"say \"\"hi\"\"\",\"one\ntwo\"\r\n"
                + "\"carriage\rreturn\",plain,\"\"\"\"\"\"\r\n");
    }

    @Test
    void csvWritesANullAsAnEmptyField() throws IOException {
        String csv = write(DeliveryFormat.CSV, COLUMNS, Row.of(null, "x", null), Row.of(null, null, null));

        assertThat(csv).isEqualTo("id,name,note\r\n,x,\r\n,,\r\n");
    }

    @Test
    void csvQuotesAColumnNameThatNeedsIt() throws IOException {
        String csv = write(DeliveryFormat.CSV, List.of("id", "city, district"));

        assertThat(csv).isEqualTo("id,\"city, district\"\r\n");
    }

    @Test
    void jsonLinesWritesOneObjectPerLineKeyedByColumnNameWithNullsAsJsonNull() throws IOException {
        String jsonl = write(DeliveryFormat.JSONL, COLUMNS,
                Row.of("1", "张三", null),
                Row.of("2", "a, \"b\"\nc", "😀"));

        String[] lines = jsonl.split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty(); // the last line ends with a line break too
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.get("id").asText()).isEqualTo("1");
        assertThat(first.get("name").asText()).isEqualTo("张三");
        assertThat(first.get("note").isNull()).isTrue();
        JsonNode second = json.readTree(lines[1]);
        assertThat(second.get("name").asText()).isEqualTo("a, \"b\"\nc");
        assertThat(second.get("note").asText()).isEqualTo("😀");
        assertThat(second.fieldNames()).toIterable().containsExactly("id", "name", "note");
    }

    @Test
    void jsonLinesHasNoHeader() throws IOException {
        assertThat(write(DeliveryFormat.JSONL, COLUMNS)).isEmpty();
        assertThat(write(DeliveryFormat.JSONL, COLUMNS, Row.of("1", "a", "b")))
                .isEqualTo("{\"id\":\"1\",\"name\":\"a\",\"note\":\"b\"}\n");
    }

    @Test
    void parseAcceptsCsvJsonlAndNdjsonWhateverTheCase() {
        assertThat(DeliveryFormat.parse("csv")).isEqualTo(DeliveryFormat.CSV);
        assertThat(DeliveryFormat.parse(" CSV ")).isEqualTo(DeliveryFormat.CSV);
        assertThat(DeliveryFormat.parse("jsonl")).isEqualTo(DeliveryFormat.JSONL);
        assertThat(DeliveryFormat.parse("NDJSON")).isEqualTo(DeliveryFormat.JSONL);
        assertThat(DeliveryFormat.parse("json-lines")).isEqualTo(DeliveryFormat.JSONL);
    }

    @Test
    void parseDefaultsToCsvWhenNoFormatIsAsked() {
        assertThat(DeliveryFormat.parse(null)).isEqualTo(DeliveryFormat.CSV);
    }

    @Test
    void parseRefusesAnyOtherFormatNamingIt() {
        for (String other : new String[] {"xml", "json", "xlsx", ""}) {
            assertThatThrownBy(() -> DeliveryFormat.parse(other)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + other + "'");
        }
    }

    @Test
    void mediaTypesNameUtf8CsvAndJsonLines() {
        assertThat(DeliveryFormat.CSV.mediaType()).isEqualTo("text/csv; charset=UTF-8");
        assertThat(DeliveryFormat.JSONL.mediaType()).isEqualTo("application/jsonl");
    }

    private static String write(DeliveryFormat format, List<String> columns, Row... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeliveryFormat.Writer writer = format.writer(out, columns)) {
            for (Row row : rows) {
                writer.row(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
