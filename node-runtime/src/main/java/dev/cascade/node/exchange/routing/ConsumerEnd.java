package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeUpdates;
import dev.cascade.node.exchange.store.SpooledChunk;
import java.security.cert.X509Certificate;

/**
 * Where routing hands the frames that reached the consumer of their exchange, checked. The consumer
 * side implements it; routing knows nothing more of that side.
 */
public interface ConsumerEnd {

    /** The owner's update, recorded; {@code before} is the exchange as it was. */
    void updateArrived(ExchangeRecord before, ExchangeUpdates.Accepted update, X509Certificate ownerCertificate);

    /** A chunk that carries its owner's signature, from the hop towards the owner (on the receiving stream's thread). */
    void chunkArrived(Flow flow, SpooledChunk chunk);

    /** Every chunk is held but the exchange was never finished here: finish it (the intake rebuilt from the spool). */
    void allChunksHeld(Flow flow);
}
