package dev.cascade.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.envelope.EnvelopeNodes.Trio;
import dev.cascade.protocol.trust.KeySuite;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallKeyTest {

    private static final ExchangeId GRANT = new ExchangeId("grant-1");
    private static final byte[] CALL = "{\"id_no\":\"320102198001010011\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void theConsumerOpensWhatTheOwnerSealedAndTheOwnerWhatTheConsumerSealed(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        CallKey atOwner = CallKey.freshFor(nodes.consumer().appCertificate(), GRANT);
        CallKey atConsumer = CallKey.unwrap(nodes.consumer(), GRANT, atOwner.wrapFor(nodes.consumer().appCertificate()));

        byte[] call = atConsumer.seal(CallKey.Direction.CALL, "c1", CALL);
        assertThat(atOwner.open(CallKey.Direction.CALL, "c1", call)).isEqualTo(CALL);
        byte[] answer = atOwner.seal(CallKey.Direction.ANSWER, "c1", "ok".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(atConsumer.open(CallKey.Direction.ANSWER, "c1", answer), StandardCharsets.UTF_8)).isEqualTo("ok");
        // Two seals of one message differ: every message has its own nonce.
        assertThat(atConsumer.seal(CallKey.Direction.CALL, "c1", CALL)).isNotEqualTo(call);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void anAlteredAnswerOrOneMovedToAnotherCallOrDirectionIsRefused(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        CallKey key = CallKey.freshFor(nodes.consumer().appCertificate(), GRANT);
        byte[] answer = key.seal(CallKey.Direction.ANSWER, "c1", CALL);
        byte[] flipped = answer.clone();
        flipped[flipped.length - 20] ^= 1;
        assertThatThrownBy(() -> key.open(CallKey.Direction.ANSWER, "c1", flipped))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.TAMPERED));
        assertThatThrownBy(() -> key.open(CallKey.Direction.ANSWER, "c2", answer)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> key.open(CallKey.Direction.CALL, "c1", answer)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> key.open(CallKey.Direction.ANSWER, "c1", new byte[5]))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.MALFORMED));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void onlyTheConsumerNodeUnwrapsTheKeyAndOnlyForItsGrant(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        CallKey key = CallKey.freshFor(nodes.consumer().appCertificate(), GRANT);
        byte[] wrapped = key.wrapFor(nodes.consumer().appCertificate());
        assertThatThrownBy(() -> CallKey.unwrap(nodes.stranger(), GRANT, wrapped)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> CallKey.unwrap(nodes.consumer(), new ExchangeId("grant-2"), wrapped)).isInstanceOf(EnvelopeException.class);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void theOwnersCopyUnderItsStorageKeyOpensTheSameCallsAndADestroyedKeyNothing(KeySuite suite) {
        Trio nodes = EnvelopeNodes.of(suite);
        CallKey key = CallKey.freshFor(nodes.consumer().appCertificate(), GRANT);
        StorageKey storage = StorageKey.generate(DataSuite.following(suite));
        CallKey restored = CallKey.restore(storage, GRANT, key.storeUnder(storage));
        assertThat(restored.open(CallKey.Direction.CALL, "c9", key.seal(CallKey.Direction.CALL, "c9", CALL))).isEqualTo(CALL);
        key.destroy();
        assertThatThrownBy(() -> key.seal(CallKey.Direction.CALL, "c9", CALL)).isInstanceOf(IllegalStateException.class);
    }
}
