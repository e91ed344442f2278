package dev.cascade.node.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the REST body of a resource registration ({@code PUT /api/v1/resources/{id}}):
 * JSON as the REST layer reads it (a body that is not JSON is its 400), then {@link ResourceJson}.
 * A clear refusal is a reading with violations, each naming its field. A descriptor that reads
 * must survive its signed form: written and read again, it is the same descriptor.
 */
@Tag("fuzz")
class ResourceBodyFuzzTest {

    private static final String ID_FROM_PATH = "gz-health-licences";

    @FuzzTest
    @Timeout(10)
    void a_registration_body_reads_as_a_descriptor_or_names_every_violation(byte[] body) throws IOException {
        JsonNode json;
        try {
            json = ResourceJson.JSON.readTree(body);
        } catch (IOException notJsonSoTheRestLayerAnswers400) {
            return;
        }
        ResourceJson.Reading reading = ResourceJson.read(json, ID_FROM_PATH);
        if (!reading.valid()) {
            assertThat(reading.descriptor()).isNull();
            assertThat(reading.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
            return;
        }
        String signed = ResourceJson.write(reading.descriptor(), "gz-health");
        ResourceJson.Reading again = ResourceJson.read(ResourceJson.JSON.readTree(signed), null);
        assertThat(again.violations()).isEmpty();
        assertThat(again.descriptor()).isEqualTo(reading.descriptor());
    }
}
