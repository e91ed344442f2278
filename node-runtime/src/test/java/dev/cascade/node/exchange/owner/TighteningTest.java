package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.node.problem.ProblemException;
import dev.cascade.policy.decision.Constraints;
import dev.cascade.policy.mask.MaskSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TighteningTest {

    private static final MaskSpec REVEAL = new MaskSpec.Reveal();
    private static final MaskSpec KEEP_3_4 = new MaskSpec.KeepEnds(3, 4);
    private static final MaskSpec PSEUDONYM = new MaskSpec.Pseudonym("city-key-1");

    /** What the policy engine allowed: four fields in the requested order, one already dropped by a rule. */
    private static Constraints policy(long rowLimit, Duration maxValidity) {
        Map<String, MaskSpec> masks = new LinkedHashMap<>();
        masks.put("name", PSEUDONYM);
        masks.put("id_number", KEEP_3_4);
        masks.put("district", REVEAL);
        masks.put("registered_on", REVEAL);
        return new Constraints(List.of("name", "id_number", "district", "registered_on"), masks,
                List.of("mobile"), rowLimit, maxValidity, List.of("default", "personal-info"));
    }

    @Test
    void noTighteningLeavesThePolicyAsItIs() {
        Constraints policy = policy(1000, Duration.ofDays(7));

        assertThat(Tightening.NONE.apply(policy)).isEqualTo(policy);
    }

    @Test
    void fewerFieldsAreKeptInThePolicysOrderWithTheirMasksAndTheRestAreDropped() {
        Tightening fewer = new Tightening(List.of("district", "name"), 0, null);

        Constraints tightened = fewer.apply(policy(1000, Duration.ofDays(7)));

        assertThat(tightened.fields()).containsExactly("name", "district");
        assertThat(tightened.masks()).containsExactly(Map.entry("name", PSEUDONYM), Map.entry("district", REVEAL));
        assertThat(tightened.droppedFields()).containsExactly("mobile", "id_number", "registered_on");
        assertThat(tightened.maskingProfiles()).containsExactly("default", "personal-info");
    }

    @Test
    void aFieldThePolicyDoesNotAllowIsRefusedNamingIt() {
        Tightening widening = new Tightening(List.of("name", "mobile"), 0, null);

        assertThatThrownBy(() -> widening.apply(policy(1000, Duration.ofDays(7))))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("'mobile'");
    }

    @Test
    void theRowLimitIsTheSmallerOfTheApproversAndThePolicys() {
        assertThat(new Tightening(List.of(), 50, null).apply(policy(1000, Duration.ofDays(7))).rowLimit()).isEqualTo(50);
        assertThat(new Tightening(List.of(), 5000, null).apply(policy(1000, Duration.ofDays(7))).rowLimit()).isEqualTo(1000);
        assertThat(new Tightening(List.of(), 0, null).apply(policy(1000, Duration.ofDays(7))).rowLimit()).isEqualTo(1000);
    }

    @Test
    void aPolicyWithoutARowLimitTakesTheApproversLimit() {
        assertThat(new Tightening(List.of(), 50, null).apply(policy(0, Duration.ofDays(7))).rowLimit()).isEqualTo(50);
        assertThat(new Tightening(List.of(), 0, null).apply(policy(0, Duration.ofDays(7))).rowLimit()).isZero();
    }

    @Test
    void aShorterValidityIsKeptAndALongerOneIsCutToThePolicysMaximum() {
        Constraints policy = policy(1000, Duration.ofDays(7));

        assertThat(new Tightening(List.of(), 0, Duration.ofDays(2)).apply(policy).maxValidity()).isEqualTo(Duration.ofDays(2));
        assertThat(new Tightening(List.of(), 0, Duration.ofDays(30)).apply(policy).maxValidity()).isEqualTo(Duration.ofDays(7));
        assertThat(new Tightening(List.of(), 0, null).apply(policy).maxValidity()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aNegativeRowLimitIsRefused() {
        assertThatThrownBy(() -> new Tightening(List.of(), -1, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("rowLimit");
    }

    @Test
    void aZeroOrNegativeValidityIsRefused() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMinutes(-5)}) {
            assertThatThrownBy(() -> new Tightening(List.of(), 0, bad))
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(400))
                    .hasMessageContaining("validity");
        }
    }
}
