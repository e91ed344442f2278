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

    /** Hands a frame towards {@code destination}; if the link is down now, link-up re-sends it from the record. */
    public void towards(RegionCode destination, ExchangeFrame frame) {
        Routing.nextHop(self(), destination).ifPresent(next -> links.send(next, frame));
    }
}
