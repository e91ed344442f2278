package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;

/**
 * Where routing hands the frames that reached the owner of their exchange, checked and recorded.
 * The owner side implements it; routing knows nothing more of that side.
 */
public interface OwnerEnd {

    /** A new request for a resource of this node (on the exchange's lane). */
    void requestArrived(ExchangeRecord record, RequestBody request);

    /** The consumer's receipt; this node's cached chunks are purged already. */
    void receiptArrived(ExchangeRecord record, ReceiptBody receipt);

    /** A node on the route says a directive stopped the exchange there (signature and route checked). */
    void halted(ExchangeRecord record, String reason);
}
