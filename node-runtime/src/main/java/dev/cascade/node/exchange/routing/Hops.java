package dev.cascade.node.exchange.routing;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** This node's place in the tier tree: the next hop towards a region, and handing a frame to it. */
@ApplicationScoped
public class Hops {

    @Inject
    LocalNode node;
    @Inject
    RelayLinks links;

    public RegionCode self() {
        return node.region();
    }

    /**
     * Hands a frame that is not kept for re-sending (a call, an answer) towards {@code destination};
     * false when there is no open link to the next hop now.
     */
    public boolean sendNow(RegionCode destination, ExchangeFrame frame) {
        return Routing.nextHop(self(), destination).map(next -> links.send(next, frame)).orElse(false);
    }

    /** Whether a frame authored at {@code author} may arrive here from {@code peer}: the peer is the next hop towards the author. */
    public boolean arrivesFrom(RegionCode author, RegionCode peer) {
        return Routing.arrivesFrom(self(), author, peer);
    }

    /** Hands a frame towards {@code destination}; if the link is down now, link-up re-sends it from the record. */
    public void towards(RegionCode destination, ExchangeFrame frame) {
        Routing.nextHop(self(), destination).ifPresent(next -> links.send(next, frame));
    }
}
