package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.Unroutable;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Hands requests on towards their owner, and fails those that can never get there: a parent link
 * that is down comes back and re-sends, and so does a child that has joined, but a child region no
 * node serves never will. The hop that finds out fails its record and tells the hops back to the
 * consumer why ({@link Unroutable}); each of them checks the notice came from the owner's side.
 */
@ApplicationScoped
public class RequestForwarding {

    @Inject
    LocalNode node;
    @Inject
    RelayLinks links;
    @Inject
    Hops hops;
    @Inject
    ExchangeStore store;
    @Inject
    FrameRefusals refusals;

    /**
     * Hands a request on towards its owner.
     *
     * @return false when the request failed here as unroutable
     */
    public boolean forward(String id, RegionCode consumer, RegionCode owner, SignedRequest request) {
        RegionCode self = hops.self();
        RegionCode next = Routing.nextHop(self, owner).orElseThrow();
        if (links.send(next, ExchangeFrame.newBuilder().setRequest(request).build()) || !self.isParentOf(next)) {
            return true;
        }
        String reason = switch (store.childStanding(next.code())) {
            case SERVING -> null;
            case REVOKED -> "the node of " + next + " is revoked at " + self + ": no node serves " + owner;
            case NEVER_JOINED -> "no node has joined " + self + " for " + next + ": no node serves " + owner;
        };
        if (reason == null) {
            return true;
        }
        unroutable(Unroutable.newBuilder().setExchangeId(id).setConsumerRegion(consumer.code())
                .setOwnerRegion(owner.code()).setStoppedAt(self.code()).setMissing(next.code()).setReason(reason).build());
        return false;
    }

    void onUnroutable(RegionCode peer, Unroutable notice) {
        RegionCode self = hops.self();
        String id = notice.getExchangeId();
        RegionCode consumer;
        RegionCode owner;
        RegionCode stoppedAt;
        try {
            consumer = RegionCode.parse(notice.getConsumerRegion());
            owner = RegionCode.parse(notice.getOwnerRegion());
            stoppedAt = RegionCode.parse(notice.getStoppedAt());
        } catch (IllegalArgumentException e) {
            refusals.refuse(peer, id, "unroutable notice names an invalid region: " + e.getMessage());
            return;
        }
        // From the direction of the owner only, and about a node on the route beyond this one.
        if (!Routing.arrivesFrom(self, owner, peer) || !Routing.onRoute(stoppedAt, consumer, owner)
                || stoppedAt.equals(self) || !Routing.onRoute(self, consumer, owner)) {
            refusals.refuse(peer, id, "unroutable notice for " + id + " (stopped at " + stoppedAt + ") cannot arrive from " + peer
                    + " at " + self);
            return;
        }
        Optional<ExchangeRecord> known = store.find(id, self.equals(consumer) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY);
        if (known.isEmpty() || !known.get().owner().equals(owner) || !known.get().consumer().equals(consumer)) {
            refusals.refuse(peer, id, "unroutable notice for exchange " + id + " that never passed " + self + " on that route");
            return;
        }
        unroutable(notice);
    }

    /** Fails this node's record of a request that cannot reach its owner, and passes the notice on to the consumer. */
    private void unroutable(Unroutable notice) {
        RegionCode consumer = RegionCode.parse(notice.getConsumerRegion());
        ExchangeRole role = hops.self().equals(consumer) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        String why = "unroutable: " + notice.getReason();
        // The move is conditional on REQUESTED: a late or false notice cannot undo the owner's answer.
        if (!store.move(notice.getExchangeId(), role, ExchangeState.REQUESTED, ExchangeState.FAILED, why,
                ExchangeStore.Changes.none().set("reason", why), node.clock().instant())) {
            return;
        }
        if (role == ExchangeRole.RELAY) {
            hops.towards(consumer, ExchangeFrame.newBuilder().setUnroutable(notice).build());
        }
    }
}
