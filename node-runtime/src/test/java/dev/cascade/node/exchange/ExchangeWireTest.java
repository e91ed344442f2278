package dev.cascade.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ExchangeWireTest {

    @Test
    void aCanonicalLowerCaseUuidIsAnExchangeId() throws ExchangeWire.Malformed {
        String id = "3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b";

        assertThat(ExchangeWire.exchangeId(id)).isEqualTo(id);
        String random = UUID.randomUUID().toString();
        assertThat(ExchangeWire.exchangeId(random)).isEqualTo(random);
    }

    @Test
    void anythingElseIsRefusedBecauseExchangeIdsNameSpoolFiles() {
        String[] refused = {
            "3F2B8C1E-9A4D-4E6F-8B7A-0C1D2E3F4A5B", // upper case
            "3f2b8c1e-9a4d-4e6f-8B7a-0c1d2e3f4a5b", // one upper-case digit
            "{3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b}", // braces
            "3f2b8c1e9a4d4e6f8b7a0c1d2e3f4a5b", // no dashes
            "1-2-3-4-5", // what UUID.fromString would stretch to a UUID
            "+f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b", // a sign Long.parseLong would take
            "3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5g", // not hexadecimal
            "../x",
            "../../../../etc/passwd/3f2b8c1e-9a4d",
            " 3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b",
            "",
            null
        };
        for (String id : refused) {
            assertThatThrownBy(() -> ExchangeWire.exchangeId(id)).as("%s", id)
                    .isInstanceOf(ExchangeWire.Malformed.class)
                    .hasMessageContaining("'" + id + "' is not an exchange id");
        }
    }
}
