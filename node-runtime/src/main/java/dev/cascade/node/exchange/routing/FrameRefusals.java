package dev.cascade.node.exchange.routing;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** A refused frame is dropped with an alert: a warning and a ledger entry naming the peer it came from and why. */
@ApplicationScoped
public class FrameRefusals {

    private static final Logger LOG = Logger.getLogger(FrameRefusals.class);

    @Inject
    LocalNode node;
    @Inject
    EventLog events;

    /** A chunk this node could not keep (its disk is full or failing), recorded once per exchange and index. */
    void spoolFailed(String exchangeId, long index, String why) {
        LOG.warnf("%s: chunk %d of exchange %s not kept: %s", node.region(), index, exchangeId, why);
        events.appendDetached(EventType.EXCHANGE_SPOOL_FAILED, "node", exchangeId, "chunk " + index + " not kept: " + why);
    }

    public void refuse(RegionCode peer, String exchangeId, String why) {
        LOG.warnf("%s: %s", node.region(), why);
        events.appendDetached(EventType.EXCHANGE_FRAME_REFUSED, "link:" + peer.code(), exchangeId, why);
    }
}
