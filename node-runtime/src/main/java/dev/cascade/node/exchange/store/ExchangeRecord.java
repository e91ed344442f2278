package dev.cascade.node.exchange.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;

/** One exchange as this node holds it (table {@code exchange}). Byte arrays are the signed wire forms. */
public record ExchangeRecord(
        String id,
        ExchangeRole role,
        ExchangeState state,
        RegionCode consumer,
        String consumerDept,
        RegionCode owner,
        String resourceId,
        String purpose,
        byte[] requestBody,
        byte[] requestSignature,
        byte[] requestChain,
        byte[] requestDigest,
        int updateSeq,
        byte[] updateBody,
        byte[] updateSignature,
        byte[] updateChain,
        String reason,
        String rules,
        Instant approvalDeadline,
        Instant notAfter,
        byte[] storedKey,
        Long chunkCount,
        Long rowCount,
        byte[] contentDigest,
        byte[] receiptBody,
        byte[] receiptSignature,
        Instant purgedAt,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * An exchange as its request first records it, at the consumer's node or at a hop: the signed
     * request, and nothing answered yet.
     */
    public static ExchangeRecord requested(String id, ExchangeRole role, RegionCode consumer, String consumerDept,
                                           RegionCode owner, String resourceId, String purpose, byte[] requestBody,
                                           byte[] requestSignature, byte[] requestChain, byte[] requestDigest, Instant at) {
        return firstRecorded(id, role, ExchangeState.REQUESTED, consumer, consumerDept, owner, resourceId, purpose, requestBody,
                requestSignature, requestChain, requestDigest, at);
    }

    /** This exchange as first recorded at {@code at}: its request and state only, nothing recorded since. */
    public ExchangeRecord asFirstRecorded(Instant at) {
        return firstRecorded(id, role, state, consumer, consumerDept, owner, resourceId, purpose, requestBody, requestSignature,
                requestChain, requestDigest, at);
    }

    // The one place that spells out the columns a first record leaves empty.
    private static ExchangeRecord firstRecorded(String id, ExchangeRole role, ExchangeState state, RegionCode consumer,
                                                String consumerDept, RegionCode owner, String resourceId, String purpose,
                                                byte[] requestBody, byte[] requestSignature, byte[] requestChain,
                                                byte[] requestDigest, Instant at) {
        return new ExchangeRecord(id, role, state, consumer, consumerDept, owner, resourceId, purpose, requestBody,
                requestSignature, requestChain, requestDigest, 0, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, at, at);
    }

    public boolean hasUpdate() {
        return updateBody != null;
    }

    /** The standing terms the request asked for: {@link StandingMode#ONE_OFF} for a one-off exchange. */
    public StandingMode standingMode() {
        try {
            return RequestBody.parseFrom(requestBody).getStanding().getMode();
        } catch (InvalidProtocolBufferException e) {
            // Every stored request passed FrameCheck or was built here; an unreadable one asks for nothing standing.
            return StandingMode.ONE_OFF;
        }
    }

    /** Whether this is a standing grant (service calls or a subscription) rather than a one-off exchange. */
    public boolean standing() {
        return standingMode() != StandingMode.ONE_OFF;
    }
}
