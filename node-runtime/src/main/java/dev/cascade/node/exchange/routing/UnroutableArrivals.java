package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.proto.exchange.v1.SignedUnroutable;
import dev.cascade.proto.exchange.v1.UnroutableBody;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * An unroutable notice at a hop on its way back to the consumer, once {@link FrameCheck} passed it
 * (it came from the neighbour towards the hop that signed it, and this node is on the route): the
 * hop it names must lie on the route beyond this one, the exchange must be one this node passed on
 * that route, and the notice must be signed by that hop's application key under a chain to the
 * root. Only then does this node fail its record and pass the notice on, unchanged.
 */
@ApplicationScoped
public class UnroutableArrivals {

    @Inject
    FrameCheck frames;
    @Inject
    Hops hops;
    @Inject
    RequestForwarding forwarding;

    void onUnroutable(RegionCode peer, SignedUnroutable signed) {
        Optional<FrameCheck.Arrival<UnroutableBody>> arrived = frames.unroutable(peer, signed);
        if (arrived.isEmpty()) {
            return;
        }
        FrameCheck.Arrival<UnroutableBody> notice = arrived.get();
        // It came from the side of stopped_at, so a stopped_at on the route lies beyond this node, towards the owner.
        ExchangeRole role = hops.self().equals(notice.consumer()) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        if (frames.routeNotice(notice, role).isPresent()) {
            forwarding.unroutable(notice.id(), notice.consumer(), notice.body().getReason(), signed);
        }
    }
}
