package dev.cascade.node.exchange.store;

import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.ledger.EventType;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether an owner's signed update may be applied to an exchange as a node holds it, and what it
 * changes. Shared by relays and the consumer node: both keep the newest update to re-send it.
 */
public final class ExchangeUpdates {

    /** An update that passed: its state, its grant if any (already verified), and the columns it sets. */
    public record Accepted(ExchangeState state, UpdateBody body, GrantBody grant, ExchangeStore.Changes changes, String detail) {
    }

    private ExchangeUpdates() {
    }

    public static Optional<Accepted> accept(ExchangeRecord record, UpdateBody body, SignedUpdate signed, X509Certificate owner) {
        ExchangeState state = ExchangeState.ofCode(body.getStateValue()).orElse(null);
        if (state == ExchangeState.CLOSED && record.state() == ExchangeState.CONFIRMED) {
            state = ExchangeState.CONFIRMED; // the department confirmed before the owner's close arrived: keep both
        }
        if (state == null || (state != record.state() && !record.state().canReach(state))) {
            return Optional.empty();
        }
        GrantBody grant = null;
        if (body.hasGrant()) {
            try {
                grant = ExchangeWire.grant(body.getGrant().getBody());
            } catch (ExchangeWire.Malformed e) {
                return Optional.empty();
            }
            boolean signedByOwner = ExchangeSignatures.verifyWith(owner, ExchangeSignatures.Kind.GRANT,
                    body.getGrant().getBody().toByteArray(), body.getGrant().getSignature().toByteArray());
            if (!signedByOwner || !grant.getExchangeId().equals(record.id())
                    || !Arrays.equals(grant.getRequestDigest().toByteArray(), record.requestDigest())) {
                return Optional.empty();
            }
        }
        ExchangeStore.Changes changes = ExchangeStore.Changes.none()
                .set("update_seq", body.getSeq())
                .set("update_body", signed.getBody().toByteArray())
                .set("update_signature", signed.getSignature().toByteArray())
                .updateChain(ExchangeWire.joined(signed.getOwnerChainList()));
        if (!body.getReason().isEmpty()) {
            changes.set("reason", body.getReason());
        }
        if (body.getRulesCount() > 0) {
            changes.set("rules", String.join(",", body.getRulesList()));
        }
        if (body.getApprovalDeadlineMs() > 0) {
            changes.set("approval_deadline", Instant.ofEpochMilli(body.getApprovalDeadlineMs()));
        }
        if (grant != null) {
            changes.set("not_after", Instant.ofEpochMilli(grant.getNotAfterMs()));
        }
        if (body.hasDelivery() && body.getDelivery().getChunkCount() > 0) {
            changes.set("chunk_count", body.getDelivery().getChunkCount())
                    .set("row_count", body.getDelivery().getRowCount())
                    .set("byte_count", body.getDelivery().getByteCount())
                    .set("content_digest", body.getDelivery().getContentDigest().toByteArray());
        }
        String detail = "update " + body.getSeq() + " from " + body.getOwnerRegion()
                + (body.getReason().isEmpty() ? "" : ": " + body.getReason());
        return Optional.of(new Accepted(state, body, grant, changes, detail));
    }

    /** Applies an accepted update; false when another handler moved the exchange first. */
    public static boolean record(ExchangeStore store, ExchangeRecord record, Accepted accepted, Instant now) {
        if (accepted.state() == record.state()) {
            store.set(record.id(), record.role(), accepted.changes(), now, EventType.EXCHANGE_UPDATED,
                    accepted.detail());
            return true;
        }
        return store.move(record.id(), record.role(), record.state(), accepted.state(), accepted.detail(),
                accepted.changes(), now);
    }
}
