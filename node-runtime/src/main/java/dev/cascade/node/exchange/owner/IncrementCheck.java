package dev.cascade.node.exchange.owner;

import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.SubscriptionStore.Subscription;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.protocol.exchange.ExchangeState;
import java.time.Instant;
import java.util.Optional;

/**
 * What the owner checks before it answers a request that names a subscription (an increment, or
 * the consumer's cancel) without asking the policy or an approver again: the subscription is one,
 * is in force, belongs to the same consumer department for the same resource and fields, and an
 * increment is the one this owner announced last. Each refusal names the rule; the request is then
 * denied with it.
 */
final class IncrementCheck {

    private IncrementCheck() {
    }

    /** The subscription as the owner holds it: its exchange, its request, its progress (empty before it began). */
    record Held(ExchangeRecord record, RequestBody request, Optional<Subscription> progress) {
    }

    /** Why the request must be refused, or empty when it may be answered under the subscription. */
    static Optional<String> refusal(Optional<Held> held, ExchangeRecord asking, RequestBody request, Instant now) {
        String id = request.getSubscriptionId();
        if (held.isEmpty()) {
            return Optional.of("no subscription " + id + " at " + asking.owner());
        }
        ExchangeRecord subscription = held.get().record();
        RequestBody subscribed = held.get().request();
        if (subscribed.getStanding().getMode() != StandingMode.SUBSCRIPTION) {
            return Optional.of("exchange " + id + " is not a subscription");
        }
        if (!subscription.consumer().equals(asking.consumer()) || !subscription.consumerDept().equals(asking.consumerDept())) {
            return Optional.of("subscription " + id + " belongs to " + subscription.consumerDept() + " at " + subscription.consumer()
                    + ", not " + asking.consumerDept() + " at " + asking.consumer());
        }
        if (!subscription.resourceId().equals(asking.resourceId()) || !subscribed.getFieldsList().equals(request.getFieldsList())) {
            return Optional.of("subscription " + id + " is for resource " + subscription.resourceId() + " with fields "
                    + subscribed.getFieldsList() + "; the request names " + asking.resourceId() + " with " + request.getFieldsList());
        }
        if (request.getCancel()) {
            return Optional.empty(); // ending a subscription that has already ended is answered as done
        }
        if (subscription.state() != ExchangeState.GRANTED) {
            return Optional.of("subscription " + id + " is " + subscription.state() + (subscription.reason() == null ? ""
                    : " (" + subscription.reason() + ")"));
        }
        if (subscription.notAfter() != null && now.isAfter(subscription.notAfter())) {
            return Optional.of("subscription " + id + " ended at " + subscription.notAfter());
        }
        long announced = held.get().progress().map(Subscription::announced).orElse(0L);
        long settled = held.get().progress().map(Subscription::settled).orElse(0L);
        if (request.getIncrement() != announced || announced == settled) {
            return Optional.of("increment " + request.getIncrement() + " of subscription " + id + " is not the one awaited"
                    + (announced == settled ? " (none is announced)" : " (increment " + announced + " is)"));
        }
        return Optional.empty();
    }
}
