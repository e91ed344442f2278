package dev.cascade.node.exchange.owner;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.BatchSealer;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.Hops;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.ExchangeUpdates;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.ExchangeId;
import java.security.cert.X509Certificate;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.Delivery;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The owner's answers: each one an update numbered per exchange, sealed by this node, recorded here
 * and sent towards the consumer, so every hop and the consumer can check who decided what.
 */
@ApplicationScoped
public class OwnerUpdates {

    @Inject
    LocalNode node;
    @Inject
    BatchSealer sealer;
    @Inject
    ExchangeStore store;
    @Inject
    Hops hops;
    @Inject
    NodeSecrets secrets;

    private final Object[] publishing = newLocks(64);

    /**
     * Signs and records the next update of an exchange this node owns and sends it towards the
     * consumer; false when the exchange has already moved past {@code state}'s predecessors.
     */
    boolean publish(String id, ExchangeState state, String reason, List<String> rules, SignedGrant grant,
                    Delivery deliveryInfo, Instant approvalDeadline) {
        // One publisher per exchange at a time (lanes, approvers and the delivery all publish), any number across exchanges.
        synchronized (publishing[Math.floorMod(id.hashCode(), publishing.length)]) {
            return publishLocked(id, state, reason, rules, grant, deliveryInfo, approvalDeadline, null, 0);
        }
    }

    /**
     * Announces on a subscription still GRANTED that increments up to {@code increment} are ready
     * (the same state, a newer update); false when the subscription is no longer GRANTED.
     */
    boolean announceIncrement(String id, long increment, String reason) {
        synchronized (publishing[Math.floorMod(id.hashCode(), publishing.length)]) {
            if (store.find(id, ExchangeRole.OWNER).map(r -> r.state() != ExchangeState.GRANTED).orElse(true)) {
                return false;
            }
            return publishLocked(id, ExchangeState.GRANTED, reason, List.of(), null, null, null, null, increment);
        }
    }

    /**
     * Publishes a standing service grant: GRANTED with the grant's fresh call key wrapped for the
     * consumer node, the key kept here under the storage key (every later update carries the
     * wrapped key on, so a hop or consumer that missed this one still gets it).
     */
    boolean publishServiceGrant(ExchangeRecord record, String reason, List<String> rules, SignedGrant grant) {
        X509Certificate consumer;
        try {
            consumer = ExchangeWire.chain(ExchangeWire.split(record.requestChain())).get(0);
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        CallKey key = CallKey.freshFor(consumer, new ExchangeId(record.id()));
        try {
            CallKeyOut out = new CallKeyOut(key.wrapFor(consumer), key.storeUnder(secrets.storageKey()).bytes());
            synchronized (publishing[Math.floorMod(record.id().hashCode(), publishing.length)]) {
                return publishLocked(record.id(), ExchangeState.GRANTED, reason, rules, grant, null, null, out, 0);
            }
        } finally {
            key.destroy();
        }
    }

    /** A new call key: wrapped for the consumer (into the update) and stored here. */
    private record CallKeyOut(byte[] wrapped, byte[] stored) {
    }

    private boolean publishLocked(String id, ExchangeState state, String reason, List<String> rules, SignedGrant grant,
                                  Delivery deliveryInfo, Instant approvalDeadline, CallKeyOut callKey,
                                  long incrementsAvailable) {
        ExchangeRecord record = store.find(id, ExchangeRole.OWNER).orElseThrow();
        if (state != record.state() && !record.state().canReach(state)) {
            return false;
        }
        Instant now = node.clock().instant();
        UpdateBody.Builder body = UpdateBody.newBuilder().setExchangeId(id).setOwnerRegion(node.region().code())
                .setConsumerRegion(record.consumer().code()).setSeq(record.updateSeq() + 1)
                .setStateValue(state.code()).setReason(reason == null ? "" : reason).addAllRules(rules)
                .setAtMs(now.toEpochMilli()).setRequestDigest(ByteString.copyFrom(record.requestDigest()));
        // Each update states the whole current answer: a later one carries the grant and delivery on.
        UpdateBody previous = record.hasUpdate() ? parsed(record.updateBody()) : UpdateBody.getDefaultInstance();
        if (grant != null) {
            body.setGrant(grant);
        } else if (previous.hasGrant()) {
            body.setGrant(previous.getGrant());
        }
        if (deliveryInfo != null) {
            body.setDelivery(deliveryInfo);
        } else if (previous.hasDelivery()) {
            body.setDelivery(previous.getDelivery());
        }
        if (approvalDeadline != null) {
            body.setApprovalDeadlineMs(approvalDeadline.toEpochMilli());
        }
        long available = Math.max(incrementsAvailable, previous.getIncrementsAvailable());
        if (available > 0) {
            body.setIncrementsAvailable(available);
        }
        if (callKey != null) {
            body.setCallKey(ByteString.copyFrom(callKey.wrapped()));
        } else if (!previous.getCallKey().isEmpty()) {
            body.setCallKey(previous.getCallKey());
        }
        byte[] bytes = body.build().toByteArray();
        SignedUpdate signed = SignedUpdate.newBuilder().setBody(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(sealer.seal(ExchangeSignatures.Kind.UPDATE, bytes)))
                .addAllOwnerChain(ExchangeWire.appChain(node.credentials())).build();
        Optional<ExchangeUpdates.Accepted> accepted = ExchangeUpdates.accept(record, body.build(), signed,
                node.credentials().appCertificate());
        if (accepted.isPresent() && callKey != null) {
            accepted.get().changes().set("stored_key", callKey.stored());
        }
        if (accepted.isEmpty() || !ExchangeUpdates.record(store, record, accepted.get(), now)) {
            return false;
        }
        hops.towards(record.consumer(), ExchangeFrame.newBuilder().setUpdate(signed).build());
        return true;
    }

    private static Object[] newLocks(int n) {
        Object[] locks = new Object[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new Object();
        }
        return locks;
    }

    private static UpdateBody parsed(byte[] body) {
        try {
            return ExchangeWire.update(ByteString.copyFrom(body));
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException("own update unreadable: " + e.getMessage(), e);
        }
    }
}
