package dev.cascade.policy.detect;

import dev.cascade.protocol.catalog.DataLevel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensitiveTypeTest {

    @Test
    void tokensAreStable() {
        assertThat(Arrays.stream(SensitiveType.values()).map(SensitiveType::token)).containsExactly(
                "citizen-id", "social-credit-code", "bank-card", "mobile", "landline", "email", "ipv4", "ipv6",
                "vehicle-plate", "person-name", "address");
    }

    @Test
    void parsesEveryTokenBackToItsType() {
        for (SensitiveType type : SensitiveType.values()) {
            assertThat(SensitiveType.fromToken(type.token())).isSameAs(type);
        }
    }

    @Test
    void refusesUnknownTokensListingTheKnownOnes() {
        assertThatThrownBy(() -> SensitiveType.fromToken("Citizen-ID"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown sensitive type 'Citizen-ID'; known: citizen-id, social-credit-code");
        assertThatThrownBy(() -> SensitiveType.fromToken(null)).hasMessageContaining("(missing)");
    }

    @Test
    void identityDocumentAndCardNumbersCallForTheHighestGeneralLevel() {
        assertThat(SensitiveType.CITIZEN_ID.level()).isEqualTo(DataLevel.L4);
        assertThat(SensitiveType.BANK_CARD.level()).isEqualTo(DataLevel.L4);
        assertThat(SensitiveType.SOCIAL_CREDIT_CODE.level()).isEqualTo(DataLevel.L1);
    }
}
