package dev.cascade.node.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cascade.policy.detect.SampleFormatException;
import dev.cascade.policy.detect.SampleTable;

/** A JSON Lines sample becomes the table the classifier reads, or a refusal naming the line. */
class JsonLinesSampleTest {

    @Test
    void columnsAreTheMembersInOrderOfFirstAppearanceAndMissingOnesReadEmpty() throws Exception {
        SampleTable table = JsonLinesSample.read(utf8("\uFEFF{\"a\":\"x\",\"b\":12}\r\n\n{\"c\":true,\"a\":null,\"d\":{\"e\":1}}\n"), 10);

        assertThat(table.header()).containsExactly("a", "b", "c", "d");
        assertThat(table.rows()).containsExactly(List.of("x", "12", "", ""), List.of("", "", "true", "{\"e\":1}"));
        assertThat(table.truncated()).isFalse();
    }

    @Test
    void readingStopsAtTheRowLimitAndSaysMoreFollowed() throws Exception {
        SampleTable table = JsonLinesSample.read(utf8("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n"), 2);

        assertThat(table.rows()).hasSize(2);
        assertThat(table.truncated()).isTrue();
    }

    @Test
    void twoObjectsOnOneLineAreRefusedNotHalfRead() {
        assertThatThrownBy(() -> JsonLinesSample.read(utf8("{\"a\":1}\n{\"a\":2} {\"a\":3}\n"), 10))
                .isInstanceOf(SampleFormatException.class).hasMessageStartingWith("line 2: not valid JSON");
    }

    @Test
    void gbkTextIsRefusedBecauseJsonIsUtf8() {
        byte[] gbk = "{\"姓名\":\"张三\"}\n".getBytes(Charset.forName("GBK"));
        assertThatThrownBy(() -> JsonLinesSample.read(gbk, 10))
                .isInstanceOf(SampleFormatException.class).hasMessage("line 1: not valid UTF-8 (JSON Lines are UTF-8)");
    }

    @Test
    void aSampleOfBlankLinesIsEmpty() {
        assertThatThrownBy(() -> JsonLinesSample.read(utf8("\n  \n"), 10))
                .isInstanceOf(SampleFormatException.class).hasMessage("line 1: no JSON object: the sample is empty");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
