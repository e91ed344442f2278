package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeSpools;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Deletes this node's cached chunks of an exchange (on the receipt, or when it ends without data),
 * and records the deletion only where there was something to delete: an exchange answered without
 * data leaves no purge entry.
 */
@ApplicationScoped
public class ChunkPurge {

    private static final Logger LOG = Logger.getLogger(ChunkPurge.class);

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeSpools spools;
    @Inject
    ChunkFlows flows;

    /**
     * Stops an exchange's delivery through this node for good: its chunks go, and its relay record is
     * marked purged even when nothing had arrived yet, so no late chunk or resume opens it again.
     */
    public void halt(String id, String why) {
        purge(id, why);
        for (ExchangeRecord r : store.all(id)) {
            if (r.role() == ExchangeRole.RELAY && r.purgedAt() == null) {
                store.set(id, r.role(), ExchangeStore.Changes.none().set("purged_at", node.clock().instant()),
                        node.clock().instant(), EventType.EXCHANGE_PURGED, "delivery stopped here: " + why);
            }
        }
    }

    public void purge(String id, String why) {
        flows.forget(id);
        boolean had = spools.purge(id);
        if (!had) {
            LOG.debugf("exchange %s: nothing cached at %s (%s)", id, node.region(), why);
            return;
        }
        for (ExchangeRecord r : store.all(id)) {
            if (r.role() != ExchangeRole.CONSUMER && r.purgedAt() == null) {
                store.set(id, r.role(), ExchangeStore.Changes.none().set("purged_at", node.clock().instant()),
                        node.clock().instant(), EventType.EXCHANGE_PURGED, "cached chunks and data key deleted: " + why);
            }
        }
        LOG.debugf("exchange %s purged at %s (%s)", id, node.region(), why);
    }
}
