package dev.cascade.policy.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a policy pack file as an operator or a parent supplies it: YAML read with line
 * numbers, every key checked, every mask spec parsed, every condition compiled. A clear refusal is
 * a {@link PackFormatException} listing its problems, each with a line; anything else is a finding.
 */
@Tag("fuzz")
class PackYamlFuzzTest {

    @FuzzTest
    @Timeout(10)
    void a_pack_file_reads_as_a_pack_or_is_refused_with_its_problems(byte[] yaml) {
        try {
            PolicyPack pack = PolicyPack.parse(yaml, "fuzz.yaml");
            assertThat(pack.id()).matches(PolicyPack.ID);
        } catch (PackFormatException refused) {
            assertThat(refused.problems()).isNotEmpty();
            assertThat(refused.getMessage()).startsWith("fuzz.yaml: ");
        }
    }
}
