package dev.cascade.node.supervision.directive;

import dev.cascade.node.exchange.consumer.ConsumerIntake;
import dev.cascade.node.exchange.owner.OwnerDesk;
import dev.cascade.node.exchange.routing.HaltNotices;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.supervision.Directive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Makes a directive that now holds here stop what is in flight: every exchange at this node it
 * stops ends, by this node's role in it. The owner fails it (its final update purges every hop);
 * the consumer node fails it, deletes what arrived and tells the owner; a relay deletes its copy
 * and tells the owner. New requests are refused by {@link DirectiveGate}.
 */
@ApplicationScoped
public class DirectiveEnforcement {

    private static final Logger LOG = Logger.getLogger(DirectiveEnforcement.class);

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeLabels labels;
    @Inject
    OwnerDesk owner;
    @Inject
    ConsumerIntake consumer;
    @Inject
    HaltNotices halts;

    /** @return how many exchanges it stopped here */
    public int enforce(Directive d) {
        if (!d.holdsAt(node.region())) {
            return 0;
        }
        String reason = "halted by " + d.describe();
        int stopped = 0;
        Instant now = node.clock().instant();
        for (ExchangeRecord r : store.inFlight(now)) {
            if (r.state().terminal() || r.state() == ExchangeState.CLOSED || r.state() == ExchangeState.DELIVERED) {
                continue; // finished, or everything is with the consumer already
            }
            if (!d.stops(node.region(), labels.of(r.consumer(), r.consumerDept(), r.owner(), r.resourceId()))) {
                continue;
            }
            switch (r.role()) {
                case OWNER -> owner.halt(r.id(), reason);
                case CONSUMER -> consumer.halt(r.id(), d.id(), reason);
                case RELAY -> halts.haltRelayed(r, d.id(), reason);
            }
            stopped++;
        }
        if (stopped > 0) {
            LOG.infof("%s stopped %d exchange(s) in flight at %s", d.describe(), stopped, node.region());
        }
        return stopped;
    }
}
