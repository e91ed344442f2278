package dev.cascade.node.exchange.routing;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.HaltBody;
import dev.cascade.proto.exchange.v1.SignedHalt;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Tells an exchange's owner that a directive stopped the exchange at this node (the consumer node
 * or a relay), in a notice this node signs: the owner ends the exchange and its final update purges
 * every hop (docs/protocols/exchange.md, "Halt").
 */
@ApplicationScoped
public class HaltNotices {

    @Inject
    LocalNode node;
    @Inject
    Hops hops;
    @Inject
    ChunkPurge purge;
    @Inject
    Lanes lanes;

    /** A directive stopped an exchange this node relays: its copy goes now, and the owner is told. */
    public void haltRelayed(ExchangeRecord exchange, String directiveId, String reason) {
        lanes.onLane(exchange.id(), () -> {
            purge.halt(exchange.id(), reason);
            send(exchange, directiveId, reason);
        });
    }

    public void send(ExchangeRecord exchange, String directiveId, String reason) {
        byte[] body = HaltBody.newBuilder().setExchangeId(exchange.id()).setConsumerRegion(exchange.consumer().code())
                .setOwnerRegion(exchange.owner().code()).setHaltedAt(node.region().code()).setDirectiveId(directiveId)
                .setReason(reason).setAtMs(node.clock().millis()).build().toByteArray();
        SignedHalt notice = SignedHalt.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sign(node.credentials(), ExchangeSignatures.Kind.HALT, body)))
                .addAllHalterChain(ExchangeWire.appChain(node.credentials())).build();
        hops.towards(exchange.owner(), ExchangeFrame.newBuilder().setHalt(notice).build());
    }
}
