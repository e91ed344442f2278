package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.ExchangeUpdates;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * An owner's update at a hop or at the consumer, once {@link FrameCheck} passed it: it must answer
 * the request recorded here and move the exchange forward. A relay keeps the newest, passes it on,
 * and follows the delivery it announces (asking for chunks) or ends (purging them); the consumer
 * end takes it from there.
 */
@ApplicationScoped
public class UpdateArrivals {

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
    ChunkFlows flows;
    @Inject
    ChunkPurge purge;
    @Inject
    ConsumerEnd consumer;

    void onUpdate(RegionCode peer, SignedUpdate signed) {
        Optional<FrameCheck.Arrival<UpdateBody>> arrived = frames.update(peer, signed);
        if (arrived.isEmpty()) {
            return;
        }
        FrameCheck.Arrival<UpdateBody> update = arrived.get();
        UpdateBody body = update.body();
        String id = update.id();
        RegionCode self = hops.self();
        ExchangeRole role = self.equals(update.consumer()) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = store.find(id, role);
        if (known.isEmpty()) {
            refusals.refuse(peer, id, "update for exchange " + id + " that never passed " + self);
            return;
        }
        ExchangeRecord record = known.get();
        if (!record.owner().equals(update.owner()) || !record.consumer().equals(update.consumer())
                || !Arrays.equals(record.requestDigest(), body.getRequestDigest().toByteArray())) {
            refusals.refuse(peer, id, "update for exchange " + id + " does not answer the request recorded here");
            return;
        }
        if (body.getSeq() <= record.updateSeq()) {
            // Already held. The owner sends its newest update again until it is answered, so a hop
            // passes on a copy of the one it holds: the nodes beyond may have lost it.
            if (role == ExchangeRole.RELAY && body.getSeq() == record.updateSeq()
                    && Arrays.equals(record.updateBody(), signed.getBody().toByteArray())) {
                hops.towards(update.consumer(), RelayFrames.update(record));
            }
            return;
        }
        Optional<X509Certificate> ownerCert = frames.authentic(update);
        if (ownerCert.isEmpty()) {
            return;
        }
        Optional<ExchangeState> state = ExchangeState.ofCode(body.getStateValue());
        if (state.isEmpty()) {
            refusals.refuse(peer, id, "update of exchange " + id + " names unknown state " + body.getStateValue());
            return;
        }
        Optional<ExchangeUpdates.Accepted> accepted = ExchangeUpdates.accept(record, body, signed, ownerCert.get());
        if (accepted.isEmpty()) {
            refusals.refuse(peer, id, "update of exchange " + id + " cannot move it from " + record.state() + " to " + state.get());
            return;
        }
        boolean moved = ExchangeUpdates.record(store, record, accepted.get(), node.clock().instant());
        if (!moved) {
            return;
        }
        ExchangeState now = accepted.get().state();
        if (role == ExchangeRole.RELAY) {
            hops.towards(update.consumer(), ExchangeFrame.newBuilder().setUpdate(signed).build());
            if (now == ExchangeState.DELIVERING) {
                flows.resumeFrom(flows.open(record.id(), role, update.owner(), update.consumer(), ownerCert.get()));
            } else if (!now.holdsData()) {
                purge.purge(id, "exchange " + now);
            }
        } else {
            consumer.updateArrived(record, accepted.get(), ownerCert.get());
        }
    }
}
