package dev.cascade.node.exchange.routing;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUnroutable;
import dev.cascade.proto.exchange.v1.UnroutableBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hands requests on towards their owner, and fails those that can never get there: a parent link
 * that is down comes back and re-sends, and so does a child that has joined, but a child region no
 * node serves never will. The hop that finds out fails its record and tells the hops back to the
 * consumer why, in a notice it signs ({@link SignedUnroutable}); {@link UnroutableArrivals} checks
 * it at each of them.
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
        stopHere(id, consumer, owner, next, reason);
        return false;
    }

    /** A directive in force here stops the request: the consumer hears why, in a notice this node signs. */
    void stop(String id, RegionCode consumer, RegionCode owner, String reason) {
        stopHere(id, consumer, owner, Routing.nextHop(hops.self(), owner).orElseThrow(), reason);
    }

    private void stopHere(String id, RegionCode consumer, RegionCode owner, RegionCode next, String reason) {
        RegionCode self = hops.self();
        byte[] body = UnroutableBody.newBuilder().setExchangeId(id).setConsumerRegion(consumer.code())
                .setOwnerRegion(owner.code()).setStoppedAt(self.code()).setMissing(next.code()).setReason(reason)
                .setAtMs(node.clock().millis()).build().toByteArray();
        SignedUnroutable notice = SignedUnroutable.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sign(node.credentials(), ExchangeSignatures.Kind.UNROUTABLE, body)))
                .addAllStopperChain(ExchangeWire.appChain(node.credentials())).build();
        unroutable(id, consumer, reason, notice);
    }

    /**
     * Fails this node's record of a request that cannot reach its owner, and passes the notice on,
     * as its stopping hop signed it, to the consumer.
     */
    void unroutable(String id, RegionCode consumer, String reason, SignedUnroutable notice) {
        ExchangeRole role = hops.self().equals(consumer) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        String why = "unroutable: " + reason;
        // The move is conditional on REQUESTED: a late notice cannot undo the owner's answer.
        if (!store.move(id, role, ExchangeState.REQUESTED, ExchangeState.FAILED, why,
                ExchangeStore.Changes.none().set("reason", why), node.clock().instant())) {
            return;
        }
        if (role == ExchangeRole.RELAY) {
            hops.towards(consumer, ExchangeFrame.newBuilder().setUnroutable(notice).build());
        }
    }
}
