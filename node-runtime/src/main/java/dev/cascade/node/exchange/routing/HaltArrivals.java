package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.HaltBody;
import dev.cascade.proto.exchange.v1.SignedHalt;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * A halt notice on its way to the owner, once {@link FrameCheck} passed it: the node that signed it
 * must lie on the exchange's route, and the exchange must be one this node holds on that route.
 * A relay purges its copy and passes the notice on unchanged; the owner ends the exchange.
 */
@ApplicationScoped
public class HaltArrivals {

    @Inject
    FrameCheck frames;
    @Inject
    Hops hops;
    @Inject
    ChunkPurge purge;
    @Inject
    OwnerEnd owner;

    void onHalt(RegionCode peer, SignedHalt signed) {
        Optional<FrameCheck.Arrival<HaltBody>> arrived = frames.halt(peer, signed);
        if (arrived.isEmpty()) {
            return;
        }
        FrameCheck.Arrival<HaltBody> notice = arrived.get();
        ExchangeRole role = hops.self().equals(notice.owner()) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = frames.routeNotice(notice, role);
        if (known.isEmpty()) {
            return;
        }
        String reason = "stopped at " + notice.author() + ": " + notice.body().getReason();
        if (role == ExchangeRole.OWNER) {
            owner.halted(known.get(), reason);
        } else {
            purge.halt(notice.id(), reason);
            hops.towards(notice.owner(), ExchangeFrame.newBuilder().setHalt(signed).build());
        }
    }
}
