package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    @Test
    void every_constant_round_trips_through_its_wire_name() {
        Arrays.stream(SharingType.values()).forEach(v -> assertThat(SharingType.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(OpenType.values()).forEach(v -> assertThat(OpenType.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(UpdateCycle.values()).forEach(v -> assertThat(UpdateCycle.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(DataLevel.values()).forEach(v -> assertThat(DataLevel.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(Scope.values()).forEach(v -> assertThat(Scope.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(DataFormat.values()).forEach(v -> assertThat(DataFormat.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(FieldType.values()).forEach(v -> assertThat(FieldType.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(SourceKind.values()).forEach(v -> assertThat(SourceKind.fromWire(v.wire())).isEqualTo(v));
        Arrays.stream(ChangeKind.values()).forEach(v -> assertThat(ChangeKind.fromWire(v.wire())).isEqualTo(v));
    }

    @Test
    void wire_names_are_the_documented_ones() {
        assertThat(SharingType.NOT_SHAREABLE.wire()).isEqualTo("not_shareable");
        assertThat(OpenType.NOT_OPEN.wire()).isEqualTo("not_open");
        assertThat(UpdateCycle.QUARTERLY.wire()).isEqualTo("quarterly");
        assertThat(DataLevel.L3.wire()).isEqualTo("L3");
        assertThat(DataLevel.IMPORTANT.wire()).isEqualTo("important");
        assertThat(DataFormat.JSONL.wire()).isEqualTo("jsonl");
        assertThat(FieldType.DATETIME.wire()).isEqualTo("datetime");
        assertThat(SourceKind.POSTGRES.wire()).isEqualTo("postgres");
        assertThat(Scope.PROVINCE.wire()).isEqualTo("province");
    }

    @Test
    void an_unknown_wire_name_is_refused_listing_the_allowed_ones() {
        assertThatThrownBy(() -> SharingType.fromWire("Conditional"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sharing type 'Conditional'; allowed: unconditional, conditional, not_shareable");
        assertThatThrownBy(() -> DataLevel.fromWire("l1"))
                .hasMessage("unknown data level 'l1'; allowed: L1, L2, L3, L4, important, core");
        assertThatThrownBy(() -> Scope.fromWire(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scope (missing); allowed: node, province, national");
    }

    @Test
    void data_levels_order_general_then_important_then_core() {
        assertThat(DataLevel.L1.atLeast(DataLevel.L1)).isTrue();
        assertThat(DataLevel.L4.atLeast(DataLevel.L3)).isTrue();
        assertThat(DataLevel.L3.atLeast(DataLevel.L4)).isFalse();
        assertThat(DataLevel.IMPORTANT.atLeast(DataLevel.L4)).isTrue();
        assertThat(DataLevel.CORE.atLeast(DataLevel.IMPORTANT)).isTrue();
        assertThat(DataLevel.IMPORTANT.atLeast(DataLevel.CORE)).isFalse();
    }
}
