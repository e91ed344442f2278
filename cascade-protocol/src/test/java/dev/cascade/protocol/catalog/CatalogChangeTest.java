package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatalogChangeTest {

    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final Instant AT = Instant.parse("2026-11-27T08:00:00Z");
    private static final String ID = "3.01.001.002-000017";

    @Test
    void an_upsert_carries_a_descriptor_and_a_withdrawal_does_not() {
        CatalogChange upsert = new CatalogChange(GUANGZHOU, 7, ID, 2, ChangeKind.UPSERT, Scope.PROVINCE, "{}", AT);
        CatalogChange withdraw = new CatalogChange(GUANGZHOU, 8, ID, 3, ChangeKind.WITHDRAW, Scope.PROVINCE, "", AT);
        assertThat(upsert.descriptorJson()).isEqualTo("{}");
        assertThat(withdraw.descriptorJson()).isEmpty();
        assertThatThrownBy(() -> new CatalogChange(GUANGZHOU, 7, ID, 2, ChangeKind.UPSERT, Scope.NODE, "", AT))
                .hasMessage("upsert of 3.01.001.002-000017 carries no descriptor");
        assertThatThrownBy(() -> new CatalogChange(GUANGZHOU, 7, ID, 2, ChangeKind.WITHDRAW, Scope.NODE, "{}", AT))
                .hasMessage("withdrawal of 3.01.001.002-000017 must not carry a descriptor");
    }

    @Test
    void numbering_starts_at_one_and_ids_are_resource_codes() {
        assertThatThrownBy(() -> new CatalogChange(GUANGZHOU, 0, ID, 1, ChangeKind.UPSERT, Scope.NODE, "{}", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> new CatalogChange(GUANGZHOU, 1, ID, 0, ChangeKind.UPSERT, Scope.NODE, "{}", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> new CatalogChange(GUANGZHOU, 1, "../etc", 1, ChangeKind.UPSERT, Scope.NODE, "{}", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource code");
    }
}
