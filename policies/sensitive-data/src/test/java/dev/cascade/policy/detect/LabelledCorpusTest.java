package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LabelledCorpusTest {

    @Test
    void theSameSeedGivesTheSameCorpus() {
        assertThat(LabelledCorpus.generate(42L, 100)).isEqualTo(LabelledCorpus.generate(42L, 100));
        assertThat(LabelledCorpus.generate(42L, 100)).isNotEqualTo(LabelledCorpus.generate(43L, 100));
    }

    @Test
    void holdsTheRequestedPositivesPerTypeHalfAsManyHardNegativesAndOrdinaryValues() {
        List<LabelledValue> corpus = LabelledCorpus.generate(1L, 100);

        for (SensitiveType type : SensitiveType.values()) {
            assertThat(corpus).as(type.token()).filteredOn(v -> v.truth().equals(Optional.of(type))).hasSize(100);
            assertThat(corpus).as(type.token()).filteredOn(v -> v.kind().startsWith("not-" + type.token() + "/"))
                    .hasSize(50);
        }
        assertThat(corpus).filteredOn(v -> v.kind().startsWith("ordinary/")).hasSize(100);
    }

    @Test
    void checkCharactersAgreeWithTheDetectorsIndependentImplementations() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder digits = new StringBuilder();
            for (int d = 0; d < 17; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            String body = digits.toString();
            assertThat(LabelledCorpus.citizenIdWithCheck(body)).isEqualTo(body + CitizenIdDetector.checkCharacter(body));
            assertThat(LabelledCorpus.luhnComplete(body)).isEqualTo(body + BankCardDetector.luhnCheckDigit(body));
            assertThat(LabelledCorpus.usccWithCheck(body)).isEqualTo(body + SocialCreditCodeDetector.checkCharacter(body));
        }
    }
}
