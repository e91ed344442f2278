package dev.cascade.protocol.envelope;

import static dev.cascade.protocol.envelope.EnvelopeNodes.data;
import static dev.cascade.protocol.envelope.EnvelopeNodes.openAll;
import static dev.cascade.protocol.envelope.EnvelopeNodes.sealAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.envelope.EnvelopeNodes.Trio;
import dev.cascade.protocol.trust.KeySuite;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Owner → (relays) → consumer, both suites, through every step a delivery takes. */
class EnvelopeRoundTripTest {

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_stream_sealed_signed_and_wrapped_by_the_owner_opens_at_the_consumer(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        ExchangeId exchange = new ExchangeId("ex-2024-000017");
        byte[] data = data(5 * 1024 * 1024 + 123, 1);

        DataKey ownerKey = DataKey.freshFor(nodes.consumer().appCertificate(), exchange);
        WrappedDataKey wrapped = ownerKey.wrapFor(nodes.consumer().appCertificate());
        List<SealedChunk> chunks = sealAll(ownerKey, data, 2 * 1024 * 1024);
        List<byte[]> signatures = chunks.stream().map(c -> ChunkSignatures.sign(nodes.owner(), c)).toList();
        ownerKey.destroy();

        ChunkSignatureVerifier verifier = ChunkSignatures.verifierFor(nodes.owner().appCertificate());
        for (int i = 0; i < chunks.size(); i++) {
            verifier.check(chunks.get(i), signatures.get(i));
        }
        DataKey consumerKey = DataKey.unwrap(nodes.consumer(), exchange, wrapped);

        assertThat(chunks).hasSize(3);
        assertThat(chunks).extracting(SealedChunk::index).containsExactly(0L, 1L, 2L);
        assertThat(chunks).extracting(SealedChunk::last).containsExactly(false, false, true);
        assertThat(openAll(consumerKey.opener(), chunks)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void the_data_suite_follows_the_recipients_application_key(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), new ExchangeId("ex-1"));

        assertThat(key.suite()).isEqualTo(suite == KeySuite.GM ? DataSuite.SM4_128_GCM : DataSuite.AES_256_GCM);
        assertThat(DataKey.unwrap(nodes.consumer(), key.exchange(), key.wrapFor(nodes.consumer().appCertificate())).suite())
                .isEqualTo(key.suite());
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_stream_whose_length_is_a_multiple_of_the_chunk_size_ends_with_an_empty_final_chunk(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), new ExchangeId("ex-even"));
        byte[] data = data(3 * 4096, 2);

        List<SealedChunk> chunks = sealAll(key, data, 4096);

        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(3).plaintextLength()).isZero();
        assertThat(openAll(key.opener(), chunks)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void the_consumer_stores_chunks_as_received_and_reads_them_later_through_its_storage_key(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        ExchangeId exchange = new ExchangeId("ex-stored");
        DataKey ownerKey = DataKey.freshFor(nodes.consumer().appCertificate(), exchange);
        WrappedDataKey wrapped = ownerKey.wrapFor(nodes.consumer().appCertificate());
        byte[] data = data(100_000, 3);
        List<SealedChunk> chunks = sealAll(ownerKey, data, 30_000);

        StorageKey storage = StorageKey.generate(DataSuite.following(suite));
        DataKey received = DataKey.unwrap(nodes.consumer(), exchange, wrapped);
        StoredDataKey stored = received.storeUnder(storage);
        received.destroy();
        // Later, after a restart: the storage key comes back from the node's key store.
        StorageKey reloaded = StorageKey.restore(storage.suite(), storage.exportBytes());
        DataKey restored = DataKey.restore(reloaded, exchange, stored);

        assertThat(restored.suite()).isEqualTo(ownerKey.suite());
        assertThat(openAll(restored.opener(), chunks)).isEqualTo(data);
        assertThat(openAll(restored.opener(), chunks)).as("stored data can be read again").isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void nothing_an_intermediate_node_sees_contains_the_plaintext(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        byte[] data = "name,id_card\nZhang San,440106199001011234\n".repeat(50).getBytes();
        DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), new ExchangeId("ex-clear"));
        byte[] wrapped = key.wrapFor(nodes.consumer().appCertificate()).bytes();
        SealedChunk chunk = key.sealer().seal(data, true);

        byte[] needle = Arrays.copyOf(data, 16);
        assertThat(indexOf(chunk.ciphertext(), needle)).isEqualTo(-1);
        assertThat(indexOf(wrapped, Arrays.copyOf(needle, 8))).isEqualTo(-1);
        assertThat(chunk.ciphertext()).hasSize(data.length + 16);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
