package dev.cascade.node.exchange.consumer;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.SubscriptionStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A department's subscriptions at its node: the subscription with the series of its increments
 * (each an exchange the department downloads as any other), and unsubscribing, which stops this
 * node asking for increments at once and tells the owner, which revokes the subscription.
 */
@ApplicationScoped
public class ConsumerSubscriptions {

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    SubscriptionStore subscriptions;
    @Inject
    SignedRequests requests;

    public Map<String, Object> show(String dept, String id) {
        return view(mine(dept, id));
    }

    /** Unsubscribes: no increment is asked for from now on, and a signed cancel goes to the owner. */
    public Map<String, Object> cancel(String dept, String id) {
        ExchangeRecord subscription = mine(dept, id);
        if (subscription.state().terminal()) {
            throw ProblemException.conflict("subscription " + id + " has already ended: " + subscription.state()
                    + (subscription.reason() == null ? "" : " (" + subscription.reason() + ")"));
        }
        Instant now = node.clock().instant();
        subscriptions.start(id, ExchangeRole.CONSUMER, Optional.empty(), now, "subscription of " + dept + " to "
                + subscription.resourceId() + " of " + subscription.owner());
        subscriptions.cancel(id, dept, now);
        requests.send(SubscriptionFollower.under(SubscriptionFollower.requestOf(subscription),
                        SubscriptionFollower.cancelId(id)).setSubscriptionId(id).setCancel(true),
                "unsubscribe from " + id + ", requested by " + dept);
        return view(subscription);
    }

    private Map<String, Object> view(ExchangeRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("state", r.state().name());
        if (r.reason() != null) {
            v.put("reason", r.reason());
        }
        v.put("origin", r.owner().code());
        v.put("resource", r.resourceId());
        if (r.notAfter() != null) {
            v.put("notAfter", r.notAfter().toString());
        }
        Optional<SubscriptionStore.Subscription> held = subscriptions.find(r.id(), ExchangeRole.CONSUMER);
        v.put("announced", held.map(SubscriptionStore.Subscription::announced).orElse(0L));
        v.put("cancelledAt", held.map(SubscriptionStore.Subscription::cancelledAt).map(Instant::toString).orElse(null));
        List<Map<String, Object>> increments = subscriptions.increments(r.id(), ExchangeRole.CONSUMER).stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("increment", i.number());
            m.put("exchange", i.exchangeId());
            m.put("state", i.state().name());
            m.put("rows", i.rows());
            m.put("requestedAt", i.createdAt().toString());
            return m;
        }).toList();
        v.put("increments", increments);
        return v;
    }

    private ExchangeRecord mine(String dept, String id) {
        try {
            ExchangeWire.exchangeId(id);
        } catch (ExchangeWire.Malformed e) {
            throw ProblemException.notFound(e.getMessage());
        }
        ExchangeRecord r = store.find(id, ExchangeRole.CONSUMER).filter(e -> e.consumerDept().equals(dept))
                .orElseThrow(() -> ProblemException.notFound("no subscription " + id + " of department " + dept));
        RequestBody request = SubscriptionFollower.requestOf(r);
        if (request.getStanding().getMode() != StandingMode.SUBSCRIPTION) {
            throw ProblemException.notFound("exchange " + id + " is not a subscription");
        }
        return r;
    }
}
