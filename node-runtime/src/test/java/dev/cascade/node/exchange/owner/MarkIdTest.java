package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MarkIdTest {

    @Test
    void theMarkOfAnExchangeIsTheSameEveryTimeSoATraceMapsItBack() {
        String id = "3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b";

        assertThat(DeliveryPipeline.markId(id)).isEqualTo(DeliveryPipeline.markId(new String(id.toCharArray())));
    }

    @Test
    void theMarkIsTheFirst64BitsOfSm3OverTheExchangeId() {
        // SM3("abc") = 66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 ... (GB/T 32905-2016, example 1)
        assertThat(DeliveryPipeline.markId("abc")).isEqualTo(0x66c7f0f462eeedd9L);
    }

    @Test
    void differentExchangesGetDifferentMarks() {
        assertThat(DeliveryPipeline.markId("3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b"))
                .isNotEqualTo(DeliveryPipeline.markId("3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5c"));
        Set<Long> marks = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            marks.add(DeliveryPipeline.markId(UUID.randomUUID().toString()));
        }
        assertThat(marks).hasSize(1000);
    }
}
