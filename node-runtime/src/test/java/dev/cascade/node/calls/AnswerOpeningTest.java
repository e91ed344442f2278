package dev.cascade.node.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cascade.proto.exchange.v1.AnswerBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The consumer node's reading of an answer: the owner's sealed answer, an altered one, a hop's refusal. */
class AnswerOpeningTest {

    static final NodeCredentials CONSUMER = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
    static final String GRANT = "0b7c1c1e-1d4a-4e5f-8a9b-0c1d2e3f4a5b";
    static final CallKey KEY = CallKey.freshFor(CONSUMER.appCertificate(), new ExchangeId(GRANT));

    static ServiceAnswer.Builder answer(String callId, AnswerBody body) {
        return ServiceAnswer.newBuilder().setGrantId(GRANT).setConsumerRegion("440100").setOwnerRegion("320100").setCallId(callId)
                .setSealed(ByteString.copyFrom(KEY.seal(CallKey.Direction.ANSWER, callId, body.toByteArray())));
    }

    @Test
    void theOwnersAnswerOpensToItsGrantedFields() {
        AnswerBody body = AnswerBody.newBuilder().setOutcome(CallOutcome.ANSWERED).setResultJson("{\"verified\":true}").build();
        CallResult result = AnswerOpening.open(KEY, answer("c1", body).build(), "440100");
        assertThat(result).isInstanceOfSatisfying(CallResult.Answered.class, a -> assertThat(a.resultJson()).isEqualTo("{\"verified\":true}"));
    }

    @Test
    void anAnswerAlteredOnTheWayIsRefusedAtTheConsumerNode() {
        AnswerBody body = AnswerBody.newBuilder().setOutcome(CallOutcome.ANSWERED).setResultJson("{\"verified\":false}").build();
        ServiceAnswer.Builder sent = answer("c2", body);
        byte[] sealed = sent.getSealed().toByteArray();
        sealed[sealed.length - 30] ^= 0x01; // a relay flips one bit of the result
        CallResult result = AnswerOpening.open(KEY, sent.setSealed(ByteString.copyFrom(sealed)).build(), "440100");
        assertThat(result).isInstanceOfSatisfying(CallResult.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.reason()).contains("does not authenticate").contains("refused at 440100");
            assertThat(r.outcome()).isEqualTo("ANSWER_REFUSED");
        });
        // Nor can an answer to one call stand in for another's.
        CallResult moved = AnswerOpening.open(KEY, answer("c3", body).setCallId("c4").build(), "440100");
        assertThat(moved).isInstanceOf(CallResult.Refused.class);
    }

    @Test
    void aHopsRefusalNamesTheHopAndCanNeverCarryAResult() {
        ServiceAnswer refused = ServiceAnswer.newBuilder().setGrantId(GRANT).setConsumerRegion("440100").setOwnerRegion("320100")
                .setCallId("c5").setRefusedAt("440000").setRefused(AnswerBody.newBuilder().setOutcome(CallOutcome.ANSWERED)
                        .setResultJson("{\"verified\":true}").setReason("forged")).build();
        CallResult result = AnswerOpening.open(KEY, refused, "440100");
        assertThat(result).isInstanceOfSatisfying(CallResult.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.by()).isEqualTo("440000");
        });
    }

    @Test
    void theOwnersRefusalsMapToTheirStatuses() {
        assertThat(CallResult.statusOf(CallOutcome.OVER_QUOTA)).isEqualTo(429);
        assertThat(CallResult.statusOf(CallOutcome.OVER_RATE)).isEqualTo(429);
        assertThat(CallResult.statusOf(CallOutcome.GRANT_INACTIVE)).isEqualTo(403);
        assertThat(CallResult.statusOf(CallOutcome.ENDPOINT_FAILED)).isEqualTo(502);
        assertThat(CallResult.statusOf(CallOutcome.ENDPOINT_TIMEOUT)).isEqualTo(504);
        assertThat(CallResult.statusOf(CallOutcome.BAD_PARAMETERS)).isEqualTo(400);
    }
}
