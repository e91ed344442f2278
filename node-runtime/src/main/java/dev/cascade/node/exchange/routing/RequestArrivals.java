package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.DirectiveCheck;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A request at a hop or at its owner, once {@link FrameCheck} passed it: a fresh one is recorded
 * ({@code REQUESTED}) and handed on, or to the owner end here. An id already on record is a retry,
 * answered as before, if the body is the recorded one; anything else under that id is refused.
 */
@ApplicationScoped
public class RequestArrivals {

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    FrameCheck frames;
    @Inject
    FrameRefusals refusals;
    @Inject
    ExchangeStore store;
    @Inject
    RelayLinks links;
    @Inject
    Hops hops;
    @Inject
    RequestForwarding forwarding;
    @Inject
    OwnerEnd owner;
    @Inject
    DirectiveCheck directives;

    void onRequest(RegionCode peer, SignedRequest signed) {
        Optional<FrameCheck.Arrival<RequestBody>> arrived = frames.request(peer, signed);
        if (arrived.isEmpty()) {
            return;
        }
        FrameCheck.Arrival<RequestBody> request = arrived.get();
        RequestBody body = request.body();
        String id = request.id();
        byte[] digest = ExchangeWire.sm3(request.signedBody());
        ExchangeRole role = hops.self().equals(request.owner()) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        if (frames.authentic(request).isEmpty()) {
            return;
        }
        Instant now = node.clock().instant();
        Instant issued = Instant.ofEpochMilli(body.getIssuedAtMs());
        Duration freshness = config.exchange().requestFreshness();
        if (issued.isBefore(now.minus(freshness)) || issued.isAfter(now.plus(freshness))) {
            // Not fresh: only a re-send of a request already on record here is answered.
            Optional<ExchangeRecord> known = store.find(id, role);
            if (known.isPresent()) {
                answerKnown(peer, signed, known.get(), digest, request.owner());
            } else {
                refusals.refuse(peer, id, "request " + id + " was issued at " + issued + ", outside " + freshness
                        + " of now: stale or replayed");
            }
            return;
        }
        ExchangeRecord record = ExchangeRecord.requested(id, role, request.consumer(), body.getConsumerDepartment(),
                request.owner(), body.getResourceId(), body.getPurpose(), request.signedBody(), request.signature(),
                ExchangeWire.joined(signed.getConsumerChainList()), digest, now);
        // Insert first and look only when the id is taken: a new request costs one write, no read.
        if (!store.create(record, "request from " + request.consumer() + " received from " + peer)) {
            store.find(id, role).ifPresent(known -> answerKnown(peer, signed, known, digest, request.owner()));
            return;
        }
        if (role == ExchangeRole.OWNER) {
            owner.requestArrived(record, body);
            return;
        }
        Optional<DirectiveCheck.Stop> stop = directives.stops(request.consumer(), body.getConsumerDepartment(),
                request.owner(), body.getResourceId());
        if (stop.isPresent()) {
            forwarding.stop(id, request.consumer(), request.owner(), stop.get().reason());
        } else {
            forwarding.forward(id, request.consumer(), request.owner(), signed);
        }
    }

    /** A request whose id is on record: a retry is answered as before, anything else under that id refused. */
    private void answerKnown(RegionCode peer, SignedRequest signed, ExchangeRecord known, byte[] digest, RegionCode ownerRegion) {
        if (!Arrays.equals(known.requestDigest(), digest)) {
            refusals.refuse(peer, known.id(), "request " + known.id()
                    + " differs from the one recorded under the same id: altered or replayed");
            return;
        }
        // A retry of the same request: answer as before, record nothing new.
        if (known.role() == ExchangeRole.RELAY && known.state() == ExchangeState.REQUESTED) {
            hops.towards(ownerRegion, ExchangeFrame.newBuilder().setRequest(signed).build());
        } else if (known.hasUpdate()) {
            links.send(peer, RelayFrames.update(known));
        }
    }
}
