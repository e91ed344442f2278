package dev.cascade.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StorageRecordTest {

    private static final byte[] SECRET = "{\"password\":\"s3cret-口令\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(DataSuite.class)
    void aSealedRecordOpensUnderItsKeyAndContextAndHidesItsContent(DataSuite suite) {
        StorageKey key = StorageKey.generate(suite);
        byte[] sealed = key.sealRecord("data_source.secrets/R1", SECRET);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(key.openRecord("data_source.secrets/R1", sealed)).isEqualTo(SECRET);
        // A fresh nonce each time: sealing the same record twice gives different bytes.
        assertThat(key.sealRecord("data_source.secrets/R1", SECRET)).isNotEqualTo(sealed);
        assertThat(StorageKey.restore(suite, key.exportBytes()).openRecord("data_source.secrets/R1", sealed)).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @EnumSource(DataSuite.class)
    void anotherContextAnotherKeyAnAlteredByteOrPlainBytesAreRefused(DataSuite suite) {
        StorageKey key = StorageKey.generate(suite);
        byte[] sealed = key.sealRecord("data_source.secrets/R1", SECRET);
        assertThatThrownBy(() -> key.openRecord("data_source.secrets/R2", sealed))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.KEY_REFUSED));
        assertThatThrownBy(() -> StorageKey.generate(suite).openRecord("data_source.secrets/R1", sealed))
                .isInstanceOf(EnvelopeException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 20] ^= 1;
        assertThatThrownBy(() -> key.openRecord("data_source.secrets/R1", altered)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> key.openRecord("data_source.secrets/R1", SECRET)).isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("not sealed");
        assertThatThrownBy(() -> key.openRecord("data_source.secrets/R1", new byte[3])).isInstanceOf(EnvelopeException.class);
    }
}
