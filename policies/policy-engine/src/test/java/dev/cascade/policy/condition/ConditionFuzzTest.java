package dev.cascade.policy.condition;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a rule's {@code when:} condition, the CEL text a pack carries. The first byte
 * picks the rule's scope (odd: per field), the rest is the expression. A condition compiles or is
 * refused with a {@link ConditionCompileException}; one that compiles is evaluated on sample facts,
 * where CEL may refuse with a {@link ConditionEvaluationException} and the native fast path must
 * otherwise answer as CEL does. Anything else is a finding.
 */
@Tag("fuzz")
class ConditionFuzzTest {

    private static final int SAMPLES = 8;

    @FuzzTest
    @Timeout(10)
    void a_condition_compiles_and_both_paths_agree_or_it_is_refused(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean perField = (input[0] & 1) == 1;
        String source = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        Condition condition;
        try {
            condition = ConditionCompiler.standard().compile(source, perField);
        } catch (ConditionCompileException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        Random random = new Random(source.hashCode());
        for (int i = 0; i < SAMPLES; i++) {
            Facts facts = NativeConditionsTest.randomFacts(random);
            boolean viaCel;
            try {
                viaCel = condition.test(facts, false);
            } catch (ConditionEvaluationException refused) {
                continue;
            }
            assertThat(condition.test(facts, true)).as("%s on sample %d", source, i).isEqualTo(viaCel);
        }
    }
}
