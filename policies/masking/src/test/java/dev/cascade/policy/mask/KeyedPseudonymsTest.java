package dev.cascade.policy.mask;

import static dev.cascade.policy.mask.TestKeys.PEOPLE;
import static dev.cascade.policy.mask.TestKeys.PEOPLE_NEXT;
import static dev.cascade.policy.mask.TestKeys.masker;
import static dev.cascade.policy.mask.TestKeys.pseudonyms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedPseudonymsTest {

    /*
     * Expected pseudonyms computed outside BouncyCastle, with OpenSSL 3.0 and Python:
     *   printf '440106' | openssl mac -digest SM3 -macopt hexkey:<HMAC_KEY_HEX> HMAC
     * then the base32 (RFC 4648) of the first 15 bytes of the tag.
     */

    @Test
    void aPseudonymIsTheBase32OfTheFirst120BitsOfHmacSm3() {
        Masker pseudonym = masker("pseudonym(people-2025)");
        assertThat(pseudonym.mask("440106")).isEqualTo("7KLMSMHU3BKGGXLEZCKWJHHO");
        assertThat(pseudonym.mask("11010519491231002X")).isEqualTo("WA4IGSAIR7J7TQTRCT5WHGQP");
        assertThat(pseudonym.mask("张三丰")).isEqualTo("4NZBNNYGKJZRAKLLNU44US36");
    }

    @Test
    void thePseudonymOfAValueIsStableUnderOneKey() {
        String first = masker("pseudonym(people-2025)").mask("13800138000");
        String again = masker("pseudonym(people-2025)").mask("13800138000");
        assertThat(again).isEqualTo(first).hasSize(KeyedPseudonyms.PSEUDONYM_LENGTH);
    }

    @Test
    void anotherKeyGivesAnUnrelatedPseudonym() {
        assertThat(masker("pseudonym(people-2026)").mask("440106"))
                .isEqualTo("QA64TQTX5Z3C7LQNNCEAYH46")
                .isNotEqualTo(masker("pseudonym(people-2025)").mask("440106"));
    }

    @Test
    void theKeyHolderReidentifiesAPseudonymAmongCandidates() {
        KeyedPseudonyms people = pseudonyms(PEOPLE);
        List<String> register = List.of("11010519491231002X", "440106198001010017", "张三丰", "13800138000");

        assertThat(people.reidentify(people.mask("张三丰"), register)).contains("张三丰");
        assertThat(people.reidentify("7KLMSMHU3BKGGXLEZCKWJHHO", List.of("440105", "440106"))).contains("440106");
    }

    @Test
    void withoutTheRightKeyAPseudonymLinksToNoCandidate() {
        KeyedPseudonyms people = pseudonyms(PEOPLE);
        KeyedPseudonyms otherKey = pseudonyms(PEOPLE_NEXT);
        List<String> register = List.of("11010519491231002X", "440106198001010017", "张三丰");

        assertThat(otherKey.reidentify(people.mask("张三丰"), register)).isEmpty();
    }

    @Test
    void aValueOutsideTheCandidatesIsNotReidentified() {
        KeyedPseudonyms people = pseudonyms(PEOPLE);
        assertThat(people.reidentify(people.mask("李四"), List.of("张三", "王五"))).isEmpty();
    }

    @Test
    void emptyAndNullStayAsTheyAre() {
        assertThat(masker("pseudonym(people-2025)").mask("")).isEmpty();
        assertThat(masker("pseudonym(people-2025)").mask(null)).isNull();
    }

    @Test
    void aPseudonymNeedsAnHmacSm3Key() {
        assertThatThrownBy(() -> masker("pseudonym(id-sm4)"))
                .isInstanceOfSatisfying(MaskingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MaskingException.Reason.KEY_ALGORITHM_MISMATCH);
                    assertThat(e.function()).isEqualTo("pseudonym(id-sm4)");
                });
    }
}
