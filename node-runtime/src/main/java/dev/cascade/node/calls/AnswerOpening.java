package dev.cascade.node.calls;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.proto.exchange.v1.AnswerBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.EnvelopeException;

/**
 * What an answer means to the consumer node: the owner's sealed answer opened under the grant's
 * key (an answer that does not open was altered on the way, and is refused here), or a hop's
 * refusal in the clear, which names the hop.
 */
final class AnswerOpening {

    private AnswerOpening() {
    }

    static CallResult open(CallKey key, ServiceAnswer answer, String here) {
        String callId = answer.getCallId();
        String grantId = answer.getGrantId();
        if (answer.hasRefused()) {
            AnswerBody r = answer.getRefused();
            // A hop's clear refusal can only refuse: it never carries a result.
            CallOutcome outcome = r.getOutcome() == CallOutcome.ANSWERED ? CallOutcome.ENDPOINT_FAILED : r.getOutcome();
            return new CallResult.Refused(callId, grantId, CallResult.statusOf(outcome), CallResult.titleOf(outcome),
                    "refused at " + answer.getRefusedAt() + ": " + r.getReason(), answer.getRefusedAt(), null, outcome.name());
        }
        AnswerBody body;
        try {
            body = AnswerBody.parseFrom(key.open(CallKey.Direction.ANSWER, callId, answer.getSealed().toByteArray()));
        } catch (EnvelopeException | InvalidProtocolBufferException e) {
            return new CallResult.Refused(callId, grantId, 502, "Answer refused", "the answer from " + answer.getOwnerRegion()
                    + " does not authenticate under the grant's key: it was altered on the way, so it was refused at " + here,
                    here, null, "ANSWER_REFUSED");
        }
        if (body.getOutcome() == CallOutcome.ANSWERED) {
            return new CallResult.Answered(callId, grantId, body.getResultJson(), body);
        }
        return new CallResult.Refused(callId, grantId, CallResult.statusOf(body.getOutcome()), CallResult.titleOf(body.getOutcome()),
                body.getReason(), answer.getOwnerRegion(), body, body.getOutcome().name());
    }

    static String outcomeOf(CallResult result) {
        return result instanceof CallResult.Refused r ? r.outcome() : CallOutcome.ANSWERED.name();
    }
}
