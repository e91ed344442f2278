package dev.cascade.node.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.protocol.catalog.CatalogChange;
import dev.cascade.protocol.catalog.ChangeKind;
import dev.cascade.protocol.catalog.Checkpoint;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a catalog change or checkpoint body as a tier link delivers it: the first byte
 * picks which (odd: checkpoint), the rest is the body. {@link CatalogWire} reads it; an upsert's
 * descriptor is then read as {@link CatalogApplier} reads it (JSON, then {@link ResourceJson}),
 * where an invalid descriptor is kept for relaying but shown nowhere. A clear refusal is the
 * {@link IllegalArgumentException} CatalogWire names the problem with, or a reading with
 * violations; anything else is a finding.
 */
@Tag("fuzz")
class CatalogChangeFuzzTest {

    @FuzzTest
    @Timeout(10)
    void a_change_or_checkpoint_body_reads_or_is_refused_with_a_reason(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1) {
            try {
                Checkpoint checkpoint = CatalogWire.parseCheckpoint(body);
                assertThat(checkpoint.covers(checkpoint.firstSeq())).isTrue();
                assertThat(checkpoint.covers(checkpoint.lastSeq())).isTrue();
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
            return;
        }
        CatalogChange change;
        try {
            change = CatalogWire.parse(body);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(change.seq()).isPositive();
        if (change.kind() == ChangeKind.UPSERT) {
            JsonNode json;
            try {
                json = ResourceJson.JSON.readTree(change.descriptorJson());
            } catch (IOException notJson) {
                return;
            }
            ResourceJson.Reading reading = ResourceJson.read(json, null);
            assertThat(reading.valid()).isEqualTo(reading.descriptor() != null);
        }
    }
}
