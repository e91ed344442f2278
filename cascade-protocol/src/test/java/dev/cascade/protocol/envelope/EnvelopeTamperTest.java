package dev.cascade.protocol.envelope;

import static dev.cascade.protocol.envelope.EnvelopeNodes.data;
import static dev.cascade.protocol.envelope.EnvelopeNodes.flipBit;
import static dev.cascade.protocol.envelope.EnvelopeNodes.sealAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.envelope.EnvelopeException.Reason;
import dev.cascade.protocol.envelope.EnvelopeNodes.Trio;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.Signatures;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Everything an intermediate node or an attacker on the path might do, and the typed refusal it meets. */
class EnvelopeTamperTest {

    private static final ExchangeId EXCHANGE = new ExchangeId("ex-tamper");
    private static final ExchangeId OTHER_EXCHANGE = new ExchangeId("ex-other");

    /** Chunks of 1000, 1000 and 500 bytes, the last one final, under a fresh key for the suite's consumer. */
    private record Stream(Trio nodes, DataKey key, List<SealedChunk> chunks) {

        static Stream of(KeySuite suite, ExchangeId exchange) {
            Trio nodes = EnvelopeNodes.of(suite);
            DataKey key = DataKey.freshFor(nodes.consumer().appCertificate(), exchange);
            return new Stream(nodes, key, sealAll(key, data(2500, 7), 1000));
        }

        SealedChunk chunk(int i) {
            return chunks.get(i);
        }
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EnvelopeException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_flipped_bit_anywhere_in_ciphertext_or_tag_is_tampering(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        for (int at : new int[] {0, 500, 999, 1000, 1015}) {
            ChunkOpener opener = s.key().opener();
            assertRefused(() -> opener.open(flipBit(s.chunk(0), at)), Reason.TAMPERED);
        }
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_refused_chunk_yields_no_plaintext_and_does_not_advance_the_opener(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();

        assertRefused(() -> opener.open(flipBit(s.chunk(0), 3)), Reason.TAMPERED);

        assertThat(opener.chunksOpened()).isZero();
        assertThat(opener.open(s.chunk(0))).isEqualTo(Arrays.copyOf(data(2500, 7), 1000));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void chunks_in_the_wrong_order_are_refused(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();

        assertRefused(() -> opener.open(s.chunk(1)), Reason.OUT_OF_ORDER);
        opener.open(s.chunk(0));
        assertRefused(() -> opener.open(s.chunk(0)), Reason.OUT_OF_ORDER); // replayed
        assertRefused(() -> opener.open(s.chunk(2)), Reason.OUT_OF_ORDER); // chunk 1 dropped
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_relabelled_with_another_index_is_tampering(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        SealedChunk second = s.chunk(1);
        SealedChunk posingAsFirst = new SealedChunk(second.exchange(), 0, second.last(), second.ciphertext());

        assertRefused(() -> s.key().opener().open(posingAsFirst), Reason.TAMPERED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_stream_cut_before_its_final_chunk_is_truncated(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();
        opener.open(s.chunk(0));
        opener.open(s.chunk(1));

        assertThat(opener.isComplete()).isFalse();
        assertRefused(opener::finish, Reason.TRUNCATED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void marking_an_inner_chunk_final_to_hide_a_cut_is_tampering(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();
        opener.open(s.chunk(0));
        SealedChunk second = s.chunk(1);

        assertRefused(() -> opener.open(new SealedChunk(second.exchange(), 1, true, second.ciphertext())),
                Reason.TAMPERED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void unmarking_the_final_chunk_is_tampering(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();
        opener.open(s.chunk(0));
        opener.open(s.chunk(1));
        SealedChunk last = s.chunk(2);

        assertRefused(() -> opener.open(new SealedChunk(last.exchange(), 2, false, last.ciphertext())),
                Reason.TAMPERED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_after_the_final_one_is_refused(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        ChunkOpener opener = s.key().opener();
        s.chunks().forEach(opener::open);

        assertRefused(() -> opener.open(s.chunk(2)), Reason.AFTER_FINAL);
        opener.finish();
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_of_another_exchange_is_refused_whether_labelled_honestly_or_not(KeySuite suite) {
        Stream mine = Stream.of(suite, EXCHANGE);
        Stream other = Stream.of(suite, OTHER_EXCHANGE);
        SealedChunk foreign = other.chunk(0);

        assertRefused(() -> mine.key().opener().open(foreign), Reason.WRONG_EXCHANGE);
        assertRefused(() -> mine.key().opener().open(new SealedChunk(EXCHANGE, 0, false, foreign.ciphertext())),
                Reason.TAMPERED);
    }

    @ParameterizedTest
    @EnumSource(DataSuite.class)
    void the_exchange_id_is_bound_even_if_one_key_were_used_for_two_exchanges(DataSuite suite) {
        // Keys are fresh per exchange, so this needs the package's test hook: it shows the associated
        // data, not only key separation, ties a chunk to its exchange.
        byte[] raw = data(suite.keyBytes(), 9);
        SealedChunk ofOther = DataKey.ofBytes(suite, OTHER_EXCHANGE, raw).sealer().seal(data(100, 1), true);
        SealedChunk relabelled = new SealedChunk(EXCHANGE, 0, true, ofOther.ciphertext());

        assertRefused(() -> DataKey.ofBytes(suite, EXCHANGE, raw).opener().open(relabelled), Reason.TAMPERED);
        assertThat(DataKey.ofBytes(suite, OTHER_EXCHANGE, raw).opener().open(ofOther)).isEqualTo(data(100, 1));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_shorter_than_a_tag_is_malformed(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);

        assertRefused(() -> s.key().opener().open(new SealedChunk(EXCHANGE, 0, false, new byte[15])), Reason.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void another_node_cannot_unwrap_the_data_key(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        WrappedDataKey wrapped = s.key().wrapFor(s.nodes().consumer().appCertificate());

        assertRefused(() -> DataKey.unwrap(s.nodes().stranger(), EXCHANGE, wrapped), Reason.KEY_REFUSED);
        assertRefused(() -> DataKey.unwrap(s.nodes().owner(), EXCHANGE, wrapped), Reason.KEY_REFUSED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void an_altered_wrapped_key_is_refused_never_turned_into_another_key(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        byte[] wrapped = s.key().wrapFor(s.nodes().consumer().appCertificate()).bytes();

        // Every byte: the ephemeral point / C1, the hash C3 or tag, and the encrypted key itself.
        for (int at = 0; at < wrapped.length; at++) {
            byte[] altered = wrapped.clone();
            altered[at] ^= 0x40;
            assertRefused(() -> DataKey.unwrap(s.nodes().consumer(), EXCHANGE, new WrappedDataKey(altered)),
                    Reason.KEY_REFUSED);
        }
        assertRefused(() -> DataKey.unwrap(s.nodes().consumer(), EXCHANGE,
                new WrappedDataKey(Arrays.copyOf(wrapped, wrapped.length - 1))), Reason.KEY_REFUSED);
        assertRefused(() -> DataKey.unwrap(s.nodes().consumer(), EXCHANGE, new WrappedDataKey(new byte[0])),
                Reason.KEY_REFUSED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_wrapped_key_cannot_be_moved_to_another_exchange(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        WrappedDataKey wrapped = s.key().wrapFor(s.nodes().consumer().appCertificate());

        assertRefused(() -> DataKey.unwrap(s.nodes().consumer(), OTHER_EXCHANGE, wrapped), Reason.KEY_REFUSED);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void an_altered_chunk_or_signature_fails_the_owners_signature(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        byte[] signature = ChunkSignatures.sign(s.nodes().owner(), s.chunk(0));
        ChunkSignatureVerifier verifier = ChunkSignatures.verifierFor(s.nodes().owner().appCertificate());
        byte[] badSignature = signature.clone();
        badSignature[badSignature.length / 2] ^= 0x01;
        SealedChunk reindexed = new SealedChunk(EXCHANGE, 1, false, s.chunk(0).ciphertext());
        SealedChunk refinalised = new SealedChunk(EXCHANGE, 0, true, s.chunk(0).ciphertext());
        SealedChunk moved = new SealedChunk(OTHER_EXCHANGE, 0, false, s.chunk(0).ciphertext());

        verifier.check(s.chunk(0), signature);
        assertRefused(() -> verifier.check(flipBit(s.chunk(0), 10), signature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(s.chunk(0), badSignature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(s.chunk(1), signature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(reindexed, signature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(refinalised, signature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(moved, signature), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(s.chunk(0), new byte[0]), Reason.BAD_SIGNATURE);
        assertRefused(() -> verifier.check(s.chunk(0), null), Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_signed_by_another_node_is_refused(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        byte[] strangers = ChunkSignatures.sign(s.nodes().stranger(), s.chunk(0));
        byte[] consumers = ChunkSignatures.sign(s.nodes().consumer(), s.chunk(0));
        ChunkSignatureVerifier owner = ChunkSignatures.verifierFor(s.nodes().owner().appCertificate());

        assertRefused(() -> owner.check(s.chunk(0), strangers), Reason.BAD_SIGNATURE);
        // The consumer holds the data key and could forge ciphertext, but not the owner's signature.
        assertRefused(() -> owner.check(s.chunk(0), consumers), Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_chunk_signature_is_no_signature_over_the_raw_bytes_nor_over_the_signed_form_without_its_context(
            KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        byte[] signature = ChunkSignatures.sign(s.nodes().owner(), s.chunk(0));
        byte[] signed = ChunkSignatures.signedBytes(suite, s.chunk(0));
        byte[] digestOnly = Arrays.copyOfRange(signed, ChunkSignatures.CONTEXT.length, signed.length);

        assertThat(Signatures.verify(s.nodes().owner().appCertificate(), signed, signature)).isTrue();
        assertThat(Signatures.verify(s.nodes().owner().appCertificate(), s.chunk(0).ciphertext(), signature)).isFalse();
        assertThat(Signatures.verify(s.nodes().owner().appCertificate(), digestOnly, signature)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_stored_key_opens_only_with_its_storage_key_and_its_exchange(KeySuite suite) {
        Stream s = Stream.of(suite, EXCHANGE);
        StorageKey storage = StorageKey.generate(DataSuite.following(suite));
        StoredDataKey stored = s.key().storeUnder(storage);
        byte[] bytes = stored.bytes();

        assertRefused(() -> DataKey.restore(StorageKey.generate(storage.suite()), EXCHANGE, stored), Reason.KEY_REFUSED);
        assertRefused(() -> DataKey.restore(storage, OTHER_EXCHANGE, stored), Reason.KEY_REFUSED);
        for (int at = 0; at < bytes.length; at++) {
            byte[] altered = bytes.clone();
            altered[at] ^= 0x01;
            assertRefused(() -> DataKey.restore(storage, EXCHANGE, new StoredDataKey(altered)), Reason.KEY_REFUSED);
        }
        assertRefused(() -> DataKey.restore(storage, EXCHANGE, new StoredDataKey(new byte[0])), Reason.KEY_REFUSED);
        assertThat(DataKey.restore(storage, EXCHANGE, stored).suite()).isEqualTo(s.key().suite());
    }
}
