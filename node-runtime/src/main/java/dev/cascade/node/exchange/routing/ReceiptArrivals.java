package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * The consumer's receipt at a hop or at the owner, once {@link FrameCheck} passed it: each node on
 * the way records it, purges its cached chunks and passes it on; the owner end checks it against
 * what was sealed.
 */
@ApplicationScoped
public class ReceiptArrivals {

    @Inject
    LocalNode node;
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

    void onReceipt(RegionCode peer, SignedReceipt signed) {
        Optional<FrameCheck.Arrival<ReceiptBody>> arrived = frames.receipt(peer, signed);
        if (arrived.isEmpty()) {
            return;
        }
        FrameCheck.Arrival<ReceiptBody> receipt = arrived.get();
        ReceiptBody body = receipt.body();
        String id = receipt.id();
        RegionCode consumerRegion = receipt.consumer();
        ExchangeRole role = hops.self().equals(RegionCode.parse(body.getOwnerRegion())) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = store.find(id, role);
        if (known.isEmpty() || !known.get().consumer().equals(consumerRegion)) {
            refusals.refuse(peer, id, "receipt for exchange " + id + " that is not on record here");
            return;
        }
        if (known.get().receiptBody() != null) {
            return; // a re-send
        }
        if (frames.authentic(receipt).isEmpty()) {
            return;
        }
        Instant now = node.clock().instant();
        store.set(id, role, ExchangeStore.Changes.none().set("receipt_body", signed.getBody().toByteArray())
                .set("receipt_signature", signed.getSignature().toByteArray()), now, EventType.EXCHANGE_RECEIPT,
                "receipt of " + consumerRegion);
        purge.purge(id, "receipt of " + consumerRegion);
        if (role == ExchangeRole.RELAY) {
            hops.towards(known.get().owner(), ExchangeFrame.newBuilder().setReceipt(signed).build());
        } else {
            owner.receiptArrived(known.get(), body);
        }
    }
}
