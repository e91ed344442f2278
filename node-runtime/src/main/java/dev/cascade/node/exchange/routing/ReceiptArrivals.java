package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
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
    @Inject
    RelayLinks links;

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
            resent(peer, known.get(), signed, body);
            return;
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

    /**
     * The consumer sends its receipt again until it hears the exchange closed, so a receipt lost
     * past this node (a crash, a database that refused the write) is not lost for good: a node that
     * already holds the final answer sends it back; one that does not passes the receipt on again;
     * the owner, if its close did not get recorded, closes now.
     */
    private void resent(RegionCode peer, ExchangeRecord known, SignedReceipt signed, ReceiptBody body) {
        if (!Arrays.equals(known.receiptBody(), signed.getBody().toByteArray())) {
            refusals.refuse(peer, known.id(), "receipt for exchange " + known.id()
                    + " differs from the one recorded here: altered or replayed");
            return;
        }
        if (known.role() == ExchangeRole.OWNER && known.state() == ExchangeState.DELIVERING) {
            owner.receiptArrived(known, body);
        } else if (known.state().terminal() || known.state() == ExchangeState.CLOSED) {
            if (known.hasUpdate()) {
                links.send(peer, RelayFrames.update(known));
            }
        } else if (known.role() == ExchangeRole.RELAY) {
            hops.towards(known.owner(), RelayFrames.receipt(known));
        }
    }
}
