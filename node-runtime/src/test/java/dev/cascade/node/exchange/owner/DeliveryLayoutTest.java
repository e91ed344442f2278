package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.FieldType;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.watermark.Carrier;
import dev.cascade.protocol.watermark.WatermarkLayout;

/** Where a delivery carries its mark (decision 0019): revealed decimals and date-times; the first other field identifies the row. */
class DeliveryLayoutTest {

    static final ResourceDescriptor RESOURCE = new ResourceDescriptor("3.01.001.002-000301", "t", "a", "enterprise", null,
            List.of(item("id_no", FieldType.STRING), item("name", FieldType.STRING), item("amount", FieldType.DECIMAL),
                    item("updated", FieldType.DATETIME), item("founded", FieldType.DATE)),
            DataLevel.L3, null, null, null, null, null, null, null);

    static DataItem item(String name, FieldType type) {
        return new DataItem(name, type, name, null, DataLevel.L1);
    }

    static GrantBody grant(String... nameAndMask) {
        GrantBody.Builder b = GrantBody.newBuilder();
        for (int i = 0; i < nameAndMask.length; i += 2) {
            b.addFields(GrantedField.newBuilder().setName(nameAndMask[i]).setMask(nameAndMask[i + 1]));
        }
        return b.build();
    }

    @Test
    void theFirstNonCarrierFieldInTheResourcesOrderIdentifiesTheRowWhateverTheGrantsOrder() {
        WatermarkLayout layout = DeliveryPipeline.layout(RESOURCE,
                grant("updated", "reveal", "name", "reveal", "amount", "reveal", "id_no", "pseudonym:k1"));

        assertThat(layout.identityColumns()).containsExactly("id_no");
        assertThat(layout.carriers()).isEqualTo(Map.of("amount", Carrier.DECIMAL_LAST_DIGIT, "updated", Carrier.DATETIME_SECOND));
        assertThat(layout.gamma()).isEqualTo(3);
    }

    @Test
    void aMaskedDecimalIsNoCarrierAndTheNextGrantedFieldIdentifiesWhenTheKeyIsNotGranted() {
        WatermarkLayout layout = DeliveryPipeline.layout(RESOURCE,
                grant("founded", "reveal", "amount", "partial:0,2", "updated", "reveal"));

        assertThat(layout.identityColumns()).containsExactly("amount");
        assertThat(layout.carriers()).containsOnlyKeys("updated");
    }

    @Test
    void aGrantWithoutACarrierCarriesNoMark() {
        assertThatThrownBy(() -> DeliveryPipeline.layout(RESOURCE, grant("id_no", "reveal", "name", "reveal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carrier");
    }
}
