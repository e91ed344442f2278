package dev.cascade.node.exchange.owner;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.SourceFailure;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.SubscriptionStore;
import dev.cascade.node.exchange.store.SubscriptionStore.Increment;
import dev.cascade.node.exchange.store.SubscriptionStore.Subscription;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.exchange.ExchangeState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The owner's look, every {@code cascade.subscriptions.check-every}, at each subscription in force:
 * first whether the increment last announced has ended (closed: the subscription moves to the mark
 * its rows reached; failed, expired or denied: the mark stays, so the next increment carries those
 * rows again), then, with none in flight, whether the source changed past the mark; if it did, the
 * next increment is announced in an update of the subscription. One increment at a time, so the
 * marks of two increments never overlap.
 */
@ApplicationScoped
public class SubscriptionWatch {

    private static final Logger LOG = Logger.getLogger(SubscriptionWatch.class);

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    ExchangeStore store;
    @Inject
    SubscriptionStore subscriptions;
    @Inject
    DataSources sources;
    @Inject
    OwnerUpdates updates;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-subscriptions");
            t.setDaemon(true);
            return t;
        });
        long every = config.subscriptions().checkEvery().toMillis();
        timer.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void checkAll() {
        try {
            for (Subscription s : subscriptions.ownedInForce()) {
                check(s);
            }
        } catch (RuntimeException e) {
            LOG.warnf("checking subscriptions failed: %s", e.getMessage());
        }
    }

    private void check(Subscription s) {
        ExchangeRecord record = store.find(s.id(), ExchangeRole.OWNER).orElse(null);
        if (record == null) {
            return;
        }
        Optional<String> mark = s.mark();
        if (s.announced() > s.settled()) {
            Optional<Increment> inFlight = subscriptions.increment(s.id(), ExchangeRole.OWNER, s.announced());
            if (inFlight.isEmpty() || !inFlight.get().state().terminal() && inFlight.get().state() != ExchangeState.CLOSED) {
                return; // not requested yet, or still being delivered
            }
            Increment ended = inFlight.get();
            boolean closed = ended.state() == ExchangeState.CLOSED;
            if (closed) {
                mark = ended.markTo().isPresent() ? ended.markTo() : mark;
            }
            subscriptions.settle(s.id(), ended.number(), closed, mark, "increment " + ended.number() + " (exchange "
                    + ended.exchangeId() + ") " + ended.state() + (closed ? ", " + ended.rows() + " rows; mark now "
                    + mark.orElse("(none)") : "; its rows come again with the next increment"), node.clock().instant());
        }
        boolean changed;
        try {
            changed = sources.changedSince(record.resourceId(), mark);
        } catch (SourceFailure e) {
            LOG.warnf("subscription %s: cannot look at the source of %s: %s", s.id(), record.resourceId(), e.getMessage());
            return;
        }
        long next = Math.max(s.announced(), s.settled()) + 1;
        if (changed && subscriptions.announce(s.id(), next)) {
            updates.announceIncrement(s.id(), next, "increment " + next + " is ready: " + record.resourceId() + " changed");
        }
    }
}
