package dev.cascade.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingFunctionsTest {

    /** One spec of each permitted MaskSpec kind; the test below fails when a new kind appears. */
    private static final List<MaskSpec> ONE_OF_EACH_KIND = List.of(
            MaskSpec.parse("reveal"),
            MaskSpec.parse("keep(3,4)"),
            MaskSpec.parse("generalise(date-month)"),
            MaskSpec.parse("fpe(sm4,id-sm4)"),
            MaskSpec.parse("pseudonym(people-2025)"),
            MaskSpec.parse("hash(sm3)"),
            MaskSpec.parse("suppress"));

    @Test
    void everyKindOfMaskSpecHasAMaskingFunction() {
        assertThat(ONE_OF_EACH_KIND.stream().map(Object::getClass))
                .containsExactlyInAnyOrder(MaskSpec.class.getPermittedSubclasses());
        for (MaskSpec spec : ONE_OF_EACH_KIND) {
            assertThat(TestKeys.FUNCTIONS.masker(spec)).as(spec.text()).isNotNull();
        }
    }

    @Test
    void everyMaskerLeavesNullAndEmptyAlone() {
        for (MaskSpec spec : ONE_OF_EACH_KIND) {
            Masker masker = TestKeys.FUNCTIONS.masker(spec);
            assertThat(masker.mask(null)).as(spec.text()).isNull();
            assertThat(masker.mask("")).as(spec.text()).isEmpty();
        }
    }

    @Test
    void aKeyIdTheKeyringDoesNotHoldIsATypedErrorWhenTheMaskerIsBuilt() {
        for (String spec : List.of("pseudonym(nobody)", "fpe(sm4,nobody)", "fpe(aes,nobody)")) {
            assertThatThrownBy(() -> TestKeys.masker(spec))
                    .isInstanceOfSatisfying(MaskingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MaskingException.Reason.UNKNOWN_KEY);
                        assertThat(e.function()).isEqualTo(spec);
                        assertThat(e.getMessage()).contains("'nobody'");
                    });
        }
    }

    @Test
    void keyIdsKeepTheirCase() {
        MaskingKeys keyring = MaskingKeys.of(Map.of("People-2025",
                TestKeys.key(MaskingKey.Algorithm.HMAC_SM3, TestKeys.HMAC_KEY_HEX)));
        Masker pseudonym = new MaskingFunctions(keyring).masker(MaskSpec.parse("pseudonym(People-2025)"));
        assertThat(pseudonym.mask("440106")).isEqualTo("7KLMSMHU3BKGGXLEZCKWJHHO");
    }

    @Test
    void aKeyOfTheWrongSizeForItsAlgorithmCannotBeMade() {
        assertThatThrownBy(() -> MaskingKey.of(MaskingKey.Algorithm.FF1_SM4, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256-bit");
        assertThatThrownBy(() -> MaskingKey.of(MaskingKey.Algorithm.FF1_AES, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MaskingKey.of(MaskingKey.Algorithm.HMAC_SM3, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MaskingKey.of(MaskingKey.Algorithm.FF1_AES, new byte[24]).algorithm())
                .isEqualTo(MaskingKey.Algorithm.FF1_AES);
    }

    @Test
    void aKeyNeverShowsItsMaterial() {
        MaskingKey key = TestKeys.key(MaskingKey.Algorithm.FF1_SM4, TestKeys.SM4_KEY_HEX);
        assertThat(key.toString()).isEqualTo("MaskingKey[FF1_SM4, 128 bits]");
    }

    @Test
    void changingTheCallersArrayAfterwardsDoesNotChangeTheKey() {
        byte[] material = org.bouncycastle.util.encoders.Hex.decode(TestKeys.HMAC_KEY_HEX);
        MaskingKeys keyring = MaskingKeys.of(Map.of("k", MaskingKey.of(MaskingKey.Algorithm.HMAC_SM3, material)));
        java.util.Arrays.fill(material, (byte) 0);
        Masker pseudonym = new MaskingFunctions(keyring).masker(new MaskSpec.Pseudonym("k"));
        assertThat(pseudonym.mask("440106")).isEqualTo("7KLMSMHU3BKGGXLEZCKWJHHO");
    }
}
