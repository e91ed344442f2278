package dev.cascade.policy.mask;

import static dev.cascade.policy.mask.TestKeys.masker;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueDigestTest {

    @Test
    void sm3OfAbcIsTheGbT32905Example() {
        assertThat(masker("hash(sm3)").mask("abc"))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void sha256OfAbcIsTheFips180Example() {
        assertThat(masker("hash(sha256)").mask("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void chineseValuesAreHashedAsUtf8() {
        // Expected values from OpenSSL 3.0: printf '张三' | openssl dgst -sm3 (and sha256sum).
        assertThat(masker("hash(sm3)").mask("张三"))
                .isEqualTo("d6d97872eb2b6aa86736d6e92395b33530409b291b7f86e8c9c14c2d08ea5db2");
        assertThat(masker("hash(sha256)").mask("张三"))
                .isEqualTo("1d841bc0ee98309cb7916670b7f0fdef5f4c35150711a41405ef3633b56322cf");
    }

    @Test
    void aHashIsDeterministicAcrossMaskers() {
        assertThat(masker("hash(sm3)").mask("13800138000")).isEqualTo(masker("hash(sm3)").mask("13800138000"));
    }

    @Test
    void emptyAndNullStayAsTheyAre() {
        assertThat(masker("hash(sm3)").mask("")).isEmpty();
        assertThat(masker("hash(sha256)").mask(null)).isNull();
    }
}
