package dev.cascade.node.exchange.consumer;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.SubscriptionStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The consumer node following its departments' subscriptions: when the owner announces that
 * increment n is ready, it asks for it, a request of its own under the subscription (same
 * department, resource and fields); the increment then arrives as any exchange does. Nothing is
 * asked once the department has unsubscribed or the subscription has ended.
 */
@ApplicationScoped
public class SubscriptionFollower {

    private static final Logger LOG = Logger.getLogger(SubscriptionFollower.class);

    @Inject
    LocalNode node;
    @Inject
    SubscriptionStore subscriptions;
    @Inject
    SignedRequests requests;

    /** An update of one of this node's exchanges arrived; acts only on a subscription's announcement. */
    void updateArrived(ExchangeRecord subscription, ExchangeState state, UpdateBody update) {
        long n = update.getIncrementsAvailable();
        if (n <= 0 || state != ExchangeState.GRANTED) {
            return;
        }
        RequestBody subscribed = requestOf(subscription);
        if (subscribed.getStanding().getMode() != StandingMode.SUBSCRIPTION) {
            return;
        }
        subscriptions.start(subscription.id(), ExchangeRole.CONSUMER, Optional.empty(), node.clock().instant(),
                "subscription of " + subscription.consumerDept() + " to " + subscription.resourceId() + " of "
                        + subscription.owner() + " announced its first increment");
        SubscriptionStore.Subscription held = subscriptions.find(subscription.id(), ExchangeRole.CONSUMER).orElseThrow();
        if (held.cancelledAt() != null) {
            return;
        }
        subscriptions.seen(subscription.id(), n);
        String id = incrementId(subscription.id(), n);
        LOG.debugf("subscription %s: asking for increment %d as exchange %s", subscription.id(), n, id);
        requests.send(under(subscribed, id).setSubscriptionId(subscription.id()).setIncrement(n),
                "increment " + n + " of subscription " + subscription.id() + ", requested by this node for "
                        + subscription.consumerDept());
        subscriptions.recordIncrement(subscription.id(), ExchangeRole.CONSUMER, n, id, Optional.empty(), node.clock().instant());
    }

    /** A request under a subscription: the subscription's own terms, a new exchange id, no standing of its own. */
    static RequestBody.Builder under(RequestBody subscribed, String id) {
        return subscribed.toBuilder().setExchangeId(id).clearStanding().clearNonce().clearIssuedAtMs();
    }

    /** Increment n of a subscription is always the same exchange, so asking again never asks twice. */
    static String incrementId(String subscriptionId, long n) {
        return UUID.nameUUIDFromBytes((subscriptionId + "/increment/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String cancelId(String subscriptionId) {
        return UUID.nameUUIDFromBytes((subscriptionId + "/cancel").getBytes(StandardCharsets.UTF_8)).toString();
    }

    static RequestBody requestOf(ExchangeRecord r) {
        try {
            return ExchangeWire.request(ByteString.copyFrom(r.requestBody()));
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
