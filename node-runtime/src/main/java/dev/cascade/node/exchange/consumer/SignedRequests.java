package dev.cascade.node.exchange.consumer;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.BatchSealer;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.RequestForwarding;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Requests this node sends: a department's own ({@link ConsumerDesk}) and those it sends on its
 * own for a department's subscription (its increments, its cancel). Each is timed now, sealed with
 * this node's key, recorded (REQUESTED) and routed towards the owner. The exchange id is fixed by
 * what the request is for, so asking twice is one exchange.
 */
@ApplicationScoped
public class SignedRequests {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    LocalNode node;
    @Inject
    BatchSealer sealer;
    @Inject
    ExchangeStore store;
    @Inject
    RequestForwarding forwarding;

    /**
     * What sending did: the record as first made, whether this call made it (false: the exchange was
     * on record already, and nothing was sent), and whether the request is on its way (false: it
     * failed at once, no node serving a region on the way).
     */
    record Sent(ExchangeRecord record, boolean created, boolean onItsWay) {
    }

    /** Sends {@code body} (everything but the time and nonce set) unless its exchange is already recorded here. */
    Sent send(RequestBody.Builder body, String detail) {
        Instant now = node.clock().instant();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        byte[] bytes = body.setIssuedAtMs(now.toEpochMilli()).setNonce(ByteString.copyFrom(nonce)).build().toByteArray();
        byte[] signature = sealer.seal(ExchangeSignatures.Kind.REQUEST, bytes);
        var chain = ExchangeWire.appChain(node.credentials());
        RegionCode owner = RegionCode.parse(body.getOwnerRegion());
        ExchangeRecord record = ExchangeRecord.requested(body.getExchangeId(), ExchangeRole.CONSUMER, node.region(),
                body.getConsumerDepartment(), owner, body.getResourceId(), body.getPurpose(), bytes, signature,
                ExchangeWire.joined(chain), ExchangeWire.sm3(bytes), now);
        if (!store.create(record, detail)) {
            return new Sent(record, false, false);
        }
        boolean onItsWay = forwarding.forward(record.id(), node.region(), owner, SignedRequest.newBuilder()
                .setBody(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(signature)).addAllConsumerChain(chain).build());
        return new Sent(record, true, onItsWay);
    }
}
