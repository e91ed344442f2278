package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layout and key rules, and the errors a misconfigured delivery gets before its first row. */
class WatermarkLayoutTest {

    private static final Map<String, Carrier> AMOUNT = Map.of("amount", Carrier.DECIMAL_LAST_DIGIT);

    @Test
    void a_layout_needs_an_identity_and_a_carrier_and_they_must_differ() {
        assertThatIllegalArgumentException().isThrownBy(() -> WatermarkLayout.of(List.of(), AMOUNT));
        assertThatIllegalArgumentException().isThrownBy(() -> WatermarkLayout.of(List.of("id"), Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> WatermarkLayout.of(List.of("amount"), AMOUNT))
                .withMessageContaining("'amount'");
    }

    @Test
    void gamma_is_bounded() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkLayout(List.of("id"), AMOUNT, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new WatermarkLayout(List.of("id"), AMOUNT, 1001));
        assertThat(WatermarkLayout.of(List.of("id"), AMOUNT).gamma()).isEqualTo(WatermarkLayout.DEFAULT_GAMMA);
    }

    @Test
    void carrier_order_does_not_depend_on_the_callers_map_order() {
        Map<String, Carrier> ab = new LinkedHashMap<>();
        ab.put("b", Carrier.DECIMAL_LAST_DIGIT);
        ab.put("a", Carrier.DATETIME_SECOND);
        Map<String, Carrier> ba = new LinkedHashMap<>();
        ba.put("a", Carrier.DATETIME_SECOND);
        ba.put("b", Carrier.DECIMAL_LAST_DIGIT);

        assertThat(WatermarkLayout.of(List.of("id"), ab).carrierNames())
                .isEqualTo(WatermarkLayout.of(List.of("id"), ba).carrierNames())
                .containsExactly("a", "b");
    }

    @Test
    void a_watermarker_refuses_a_schema_without_the_layouts_columns() {
        RowSchema schema = new RowSchema(List.of("id", "name"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Watermarker(Deliveries.key(1), WatermarkLayout.of(List.of("id"), AMOUNT), schema, 1))
                .withMessageContaining("'amount'");
    }

    @Test
    void a_row_of_the_wrong_width_is_refused() {
        RowSchema schema = new RowSchema(List.of("id", "amount"));
        Watermarker marker = new Watermarker(Deliveries.key(1), WatermarkLayout.of(List.of("id"), AMOUNT), schema, 1);

        assertThatIllegalArgumentException().isThrownBy(() -> marker.embed(Row.of("x")));
    }

    @Test
    void a_key_is_exactly_256_bits_and_never_prints_its_material() {
        assertThatIllegalArgumentException().isThrownBy(() -> WatermarkKey.of(new byte[16]));
        byte[] material = new byte[32];
        material[0] = 0x7f;

        assertThat(WatermarkKey.of(material).toString()).doesNotContain("127").doesNotContain("7f");
    }

    @Test
    void rows_with_a_blank_identity_are_never_marked() {
        RowSchema schema = new RowSchema(List.of("id", "amount"));
        Watermarker marker = new Watermarker(Deliveries.key(1), new WatermarkLayout(List.of("id"), AMOUNT, 1), schema, 1);

        for (String blank : java.util.Arrays.asList(null, "", "   ")) {
            Row row = Row.of(blank, "12.35");
            assertThat(marker.embed(row)).isSameAs(row);
        }
    }
}
