package dev.cascade.node.exchange.owner;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.SourceFailure;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.SubscriptionStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The owner's side of subscriptions: where one begins when granted, and the requests that name
 * one. An increment is granted at once under the subscription's own grant (its fields, masks and
 * end; no policy decision or approver again: both answered the subscription) and delivered as any
 * exchange, reading only the rows changed since the subscription's mark. The consumer's cancel ends
 * the subscription (REVOKED) and is itself answered CLOSED: it asks for no data.
 */
@ApplicationScoped
public class OwnerSubscriptions {

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    SubscriptionStore subscriptions;
    @Inject
    DataSources sources;
    @Inject
    OwnerUpdates updates;
    @Inject
    DeliveryPipeline delivery;

    /** Why resource {@code resourceId} cannot be subscribed to here, or empty when it can (checked before granting). */
    Optional<String> refusal(String resourceId) {
        try {
            return sources.whyNoIncrements(resourceId);
        } catch (SourceFailure e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * A subscription is being granted: it begins at the source's mark now, taken before the grant
     * is published, so its first increment holds every row changed after the grant. A source that
     * cannot be read now leaves the mark empty (every row with a value is then the first increment)
     * rather than losing a change.
     */
    void begin(ExchangeRecord record) {
        Optional<String> mark;
        String detail;
        try {
            mark = sources.markNow(record.resourceId());
            detail = "subscription to " + record.resourceId() + " begins at mark " + mark.orElse("(none: no row has a value)");
        } catch (SourceFailure e) {
            mark = Optional.empty();
            detail = "subscription to " + record.resourceId() + " begins with no mark (the source could not be read: "
                    + e.getMessage() + ")";
        }
        subscriptions.start(record.id(), ExchangeRole.OWNER, mark, node.clock().instant(), detail);
    }

    /** A request naming a subscription (on the request's lane): one increment of it, or its cancel. */
    void requestArrived(ExchangeRecord record, RequestBody request) {
        Instant now = node.clock().instant();
        Optional<IncrementCheck.Held> held = held(request.getSubscriptionId());
        Optional<String> refusal = IncrementCheck.refusal(held, record, request, now);
        if (refusal.isPresent()) {
            updates.publish(record.id(), ExchangeState.DENIED, refusal.get(), List.of(), null, null, null);
            return;
        }
        ExchangeRecord subscription = held.get().record();
        if (request.getCancel()) {
            cancel(record, subscription);
            return;
        }
        SubscriptionStore.Subscription progress = held.get().progress().orElseThrow();
        if (!subscriptions.recordIncrement(subscription.id(), ExchangeRole.OWNER, request.getIncrement(), record.id(),
                progress.mark(), now)) {
            updates.publish(record.id(), ExchangeState.DENIED, "increment " + request.getIncrement() + " of subscription "
                    + subscription.id() + " was already requested", List.of(), null, null, null);
            return;
        }
        GrantBody grant = grantOf(subscription).toBuilder().clearStanding().setExchangeId(record.id())
                .setRequestDigest(ByteString.copyFrom(record.requestDigest())).setIssuedAtMs(now.toEpochMilli()).build();
        byte[] body = grant.toByteArray();
        SignedGrant signed = SignedGrant.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sign(node.credentials(), ExchangeSignatures.Kind.GRANT, body)))
                .build();
        if (updates.publish(record.id(), ExchangeState.GRANTED, "increment " + request.getIncrement() + " of subscription "
                + subscription.id() + ", under its grant", List.of(), signed, null, null)) {
            delivery.start(record.id(), grant, signed);
        }
    }

    /** The consumer unsubscribed: the subscription ends (if it had not), and the cancel request is done. */
    private void cancel(ExchangeRecord record, ExchangeRecord subscription) {
        String who = record.consumerDept() + " at " + record.consumer();
        boolean ended = updates.publish(subscription.id(), ExchangeState.REVOKED, "unsubscribed by " + who, List.of(), null,
                null, null);
        updates.publish(record.id(), ExchangeState.CLOSED, ended ? "subscription " + subscription.id() + " ended: unsubscribed"
                : "subscription " + subscription.id() + " had already ended (" + subscription.state() + ")", List.of(), null,
                null, null);
    }

    private Optional<IncrementCheck.Held> held(String subscriptionId) {
        try {
            ExchangeWire.exchangeId(subscriptionId);
        } catch (ExchangeWire.Malformed e) {
            return Optional.empty();
        }
        return store.find(subscriptionId, ExchangeRole.OWNER).map(r -> new IncrementCheck.Held(r, requestOf(r),
                subscriptions.find(subscriptionId, ExchangeRole.OWNER)));
    }

    private static RequestBody requestOf(ExchangeRecord r) {
        try {
            return ExchangeWire.request(ByteString.copyFrom(r.requestBody()));
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The subscription's grant as this node signed it (carried by its newest update). */
    private static GrantBody grantOf(ExchangeRecord subscription) {
        try {
            UpdateBody update = ExchangeWire.update(ByteString.copyFrom(subscription.updateBody()));
            return ExchangeWire.grant(update.getGrant().getBody());
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException("own grant of subscription " + subscription.id() + " unreadable: " + e.getMessage(), e);
        }
    }
}
