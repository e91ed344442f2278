package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.HaltBody;
import dev.cascade.proto.exchange.v1.SignedHalt;
import dev.cascade.protocol.exchange.Routing;
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
    FrameRefusals refusals;
    @Inject
    ExchangeStore store;
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
        RegionCode self = hops.self();
        String id = notice.id();
        if (!Routing.onRoute(notice.author(), notice.consumer(), notice.owner())) {
            refusals.refuse(peer, id, "halt notice for " + id + " names " + notice.author() + ", which is not on the route from "
                    + notice.consumer() + " to " + notice.owner());
            return;
        }
        ExchangeRole role = self.equals(notice.owner()) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = store.find(id, role);
        if (known.isEmpty() || !known.get().owner().equals(notice.owner()) || !known.get().consumer().equals(notice.consumer())) {
            refusals.refuse(peer, id, "halt notice for exchange " + id + " that never passed " + self + " on that route");
            return;
        }
        if (frames.authentic(notice).isEmpty()) {
            return;
        }
        String reason = "stopped at " + notice.author() + ": " + notice.body().getReason();
        if (role == ExchangeRole.OWNER) {
            owner.halted(known.get(), reason);
        } else {
            purge.halt(id, reason);
            hops.towards(notice.owner(), ExchangeFrame.newBuilder().setHalt(signed).build());
        }
    }
}
