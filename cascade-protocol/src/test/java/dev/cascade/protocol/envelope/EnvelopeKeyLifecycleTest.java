package dev.cascade.protocol.envelope;

import static dev.cascade.protocol.envelope.EnvelopeNodes.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.envelope.EnvelopeNodes.Trio;
import dev.cascade.protocol.trust.KeySuite;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Destroying keys, and the misuse the API refuses so that a nonce can never repeat. */
class EnvelopeKeyLifecycleTest {

    private static final ExchangeId EXCHANGE = new ExchangeId("ex-life");

    private static byte[] keyBytesOf(Object key) throws ReflectiveOperationException {
        Field field = key.getClass().getDeclaredField("key");
        field.setAccessible(true);
        return (byte[]) field.get(key);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void destroy_zeroes_the_data_key_and_every_later_use_fails_clearly(KeySuite suite) throws Exception {
        Trio nodes = EnvelopeNodes.of(suite);
        DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), EXCHANGE);
        assertThat(keyBytesOf(key)).isNotEqualTo(new byte[key.suite().keyBytes()]);

        key.destroy();

        assertThat(key.isDestroyed()).isTrue();
        assertThat(keyBytesOf(key)).isEqualTo(new byte[key.suite().keyBytes()]);
        assertThat(key.toString()).contains("destroyed");
        StorageKey storage = StorageKey.generate(key.suite());
        assertThatThrownBy(key::sealer).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(key::opener).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(() -> key.wrapFor(nodes.consumer().appCertificate()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(() -> key.storeUnder(storage))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        key.destroy(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void sealers_and_openers_made_before_destroy_stop_at_the_next_chunk(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), EXCHANGE);
        ChunkSealer sealer = key.sealer();
        SealedChunk first = sealer.seal(data(10, 1), false);
        ChunkOpener opener = key.opener();

        key.destroy();

        assertThatThrownBy(() -> sealer.seal(data(10, 2), true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> opener.open(first)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroy_zeroes_the_storage_key_and_later_use_fails_clearly() throws Exception {
        StorageKey storage = StorageKey.generate(DataSuite.SM4_128_GCM);
        DataKey key = DataKey.ofBytes(DataSuite.SM4_128_GCM, EXCHANGE, data(16, 3));
        StoredDataKey stored = key.storeUnder(storage);

        storage.destroy();

        assertThat(keyBytesOf(storage)).isEqualTo(new byte[16]);
        assertThatThrownBy(() -> key.storeUnder(storage)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DataKey.restore(storage, EXCHANGE, stored)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(storage::exportBytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_data_key_has_exactly_one_sealer_so_no_chunk_nonce_repeats() {
        DataKey key = DataKey.ofBytes(DataSuite.AES_256_GCM, EXCHANGE, data(32, 4));
        key.sealer();

        assertThatThrownBy(key::sealer).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_received_data_key_opens_but_never_seals(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        DataKey fresh = DataKey.freshFor(nodes.consumer().appCertificate(), EXCHANGE);
        DataKey received = DataKey.unwrap(nodes.consumer(), EXCHANGE, fresh.wrapFor(nodes.consumer().appCertificate()));
        StorageKey storage = StorageKey.generate(DataSuite.AES_256_GCM);
        DataKey restored = DataKey.restore(storage, EXCHANGE, received.storeUnder(storage));

        assertThatThrownBy(received::sealer).isInstanceOf(IllegalStateException.class).hasMessageContaining("opens only");
        assertThatThrownBy(restored::sealer).isInstanceOf(IllegalStateException.class).hasMessageContaining("opens only");
        assertThat(received.opener()).isNotNull();
    }

    @Test
    void nothing_can_be_sealed_after_the_final_chunk() {
        ChunkSealer sealer = DataKey.ofBytes(DataSuite.SM4_128_GCM, EXCHANGE, data(16, 5)).sealer();
        sealer.seal(data(10, 6), true);

        assertThat(sealer.isFinished()).isTrue();
        assertThatThrownBy(() -> sealer.seal(data(10, 7), false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_sealer_numbers_chunks_itself() {
        ChunkSealer sealer = DataKey.ofBytes(DataSuite.AES_256_GCM, EXCHANGE, data(32, 8)).sealer();

        assertThat(sealer.seal(new byte[1], false).index()).isZero();
        assertThat(sealer.seal(new byte[1], false).index()).isEqualTo(1);
        assertThat(sealer.seal(new byte[1], true).index()).isEqualTo(2);
        assertThat(sealer.chunksSealed()).isEqualTo(3);
    }

    @Test
    void a_key_is_wrapped_only_for_a_recipient_of_its_own_suite() {
        Trio gm = EnvelopeNodes.of(KeySuite.GM);
        Trio intl = EnvelopeNodes.of(KeySuite.INTL);
        DataKey forGm = DataKey.freshFor(gm.consumer().appCertificate(), EXCHANGE);

        assertThatThrownBy(() -> forGm.wrapFor(intl.consumer().appCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AES_256_GCM");
    }

    @Test
    void keys_go_to_application_certificates_never_to_tls_ones() {
        Trio gm = EnvelopeNodes.of(KeySuite.GM);
        Trio intl = EnvelopeNodes.of(KeySuite.INTL);
        DataKey forIntl = DataKey.freshFor(intl.consumer().appCertificate(), EXCHANGE);

        // TLS keys are always P-256 (docs/decisions/0001), so an INTL key would match in suite.
        assertThatThrownBy(() -> forIntl.wrapFor(intl.consumer().tlsCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> ChunkSignatures.verifierFor(gm.owner().tlsCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
    }

    @Test
    void keys_never_print_their_bytes() {
        DataKey key = DataKey.ofBytes(DataSuite.SM4_128_GCM, EXCHANGE, new byte[] {
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88});

        assertThat(key.toString()).doesNotContain("1122").doesNotContain("[17");
        assertThat(StorageKey.generate(DataSuite.AES_256_GCM).toString()).isEqualTo("StorageKey[AES_256_GCM]");
    }
}
