package dev.cascade.node.exchange;

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

    public boolean hasUpdate() {
        return updateBody != null;
    }
}
