package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnHintsTest {

    @Test
    void chineseKeywordsMatchAnywhereInTheName() {
        assertThat(ColumnHints.hintedBy("申请人身份证号码")).contains(SensitiveType.CITIZEN_ID, SensitiveType.PERSON_NAME);
        assertThat(ColumnHints.hintedBy("联系人手机")).contains(SensitiveType.MOBILE);
        assertThat(ColumnHints.hintedBy("统一社会信用代码")).containsExactly(SensitiveType.SOCIAL_CREDIT_CODE);
    }

    @Test
    void latinKeywordsMatchAcrossCaseAndSeparators() {
        assertThat(ColumnHints.hintedBy("IdCardNo")).contains(SensitiveType.CITIZEN_ID);
        assertThat(ColumnHints.hintedBy("id_card")).contains(SensitiveType.CITIZEN_ID);
        assertThat(ColumnHints.hintedBy("SFZH")).contains(SensitiveType.CITIZEN_ID);
        assertThat(ColumnHints.hintedBy("contact_email")).contains(SensitiveType.EMAIL);
    }

    @Test
    void shortLatinKeywordsMatchOnlyWholeWords() {
        assertThat(ColumnHints.hintedBy("client_ip")).contains(SensitiveType.IPV4, SensitiveType.IPV6);
        assertThat(ColumnHints.hintedBy("clientIp")).contains(SensitiveType.IPV4);
        assertThat(ColumnHints.hintedBy("zip")).isEmpty();
        assertThat(ColumnHints.hintedBy("description")).isEmpty();
    }

    @Test
    void aNameThatSaysNothingHintsNothing() {
        assertThat(ColumnHints.hintedBy("备注")).isEmpty();
        assertThat(ColumnHints.hintedBy("c1")).isEmpty();
        assertThat(ColumnHints.hintedBy(null)).isEmpty();
    }
}
