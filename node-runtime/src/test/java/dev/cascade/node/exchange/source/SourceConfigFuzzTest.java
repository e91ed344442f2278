package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the REST body configuring a resource's source ({@code PUT
 * /api/v1/resources/{id}/source}): JSON as the REST layer reads it, then {@link SourceConfigJson}.
 * A clear refusal is a reading with violations, each naming its field. A configuration that reads
 * must survive storage (the public part and the secrets, stored apart, load as the same
 * configuration) and be shown without failing.
 */
@Tag("fuzz")
class SourceConfigFuzzTest {

    @FuzzTest
    @Timeout(10)
    void a_source_configuration_reads_and_survives_storage_or_names_every_violation(byte[] body) {
        JsonNode json;
        try {
            json = JsonRecords.JSON.readTree(body);
        } catch (IOException notJsonSoTheRestLayerAnswers400) {
            return;
        }
        SourceConfigJson.Reading reading = SourceConfigJson.read(json);
        if (!reading.valid()) {
            assertThat(reading.config()).isNull();
            assertThat(reading.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
            return;
        }
        SourceConfig stored = SourceConfigJson.load(SourceConfigJson.store(reading.config()));
        assertThat(stored).isEqualTo(reading.config());
        assertThat(SourceConfigJson.shown(reading.config()).toString()).doesNotContain("\"password\":\"");
    }
}
