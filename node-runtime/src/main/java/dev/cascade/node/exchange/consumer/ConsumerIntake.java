package dev.cascade.node.exchange.consumer;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ChunkRows;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.ChunkFlows;
import dev.cascade.node.exchange.routing.ChunkPurge;
import dev.cascade.node.exchange.routing.ConsumerEnd;
import dev.cascade.node.exchange.routing.Flow;
import dev.cascade.node.exchange.routing.HaltNotices;
import dev.cascade.node.exchange.routing.Hops;
import dev.cascade.node.exchange.routing.Lanes;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.ExchangeUpdates;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.node.exchange.store.SpooledChunk;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.envelope.ChunkOpener;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.EnvelopeException;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.envelope.StoredDataKey;
import dev.cascade.protocol.envelope.WrappedDataKey;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.jboss.logging.Logger;

/**
 * The consumer node's side of a delivery: it unwraps the data key once and keeps it only wrapped
 * under its storage key, opens every chunk as it arrives (so a tampered or reordered chunk is
 * refused before it is kept), keeps the ciphertext as received, and when the last chunk and the
 * owner's totals agree, marks the exchange delivered and sends its signed receipt back.
 */
@ApplicationScoped
public class ConsumerIntake implements ConsumerEnd {

    private static final Logger LOG = Logger.getLogger(ConsumerIntake.class);

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    ChunkFlows flows;
    @Inject
    ChunkPurge purge;
    @Inject
    Lanes lanes;
    @Inject
    Hops hops;
    @Inject
    NodeSecrets secrets;
    @Inject
    EventLog events;
    @Inject
    HaltNotices halts;
    @Inject
    SubscriptionFollower subscriptions;

    /**
     * The running state of an exchange being received: chunks opened in order, the digest over their
     * signatures (each signature already commits to its chunk's ciphertext, so hashing the signatures
     * binds the whole delivery without another pass over the data), rows.
     */
    private static final class Intake {
        final ChunkOpener opener;
        final SM3Digest digest = new SM3Digest();
        long rows;

        Intake(ChunkOpener opener) {
            this.opener = opener;
        }
    }

    private final Map<String, Intake> intakes = new ConcurrentHashMap<>();

    @Override
    public void updateArrived(ExchangeRecord before, ExchangeUpdates.Accepted update, X509Certificate ownerCert) {
        String id = before.id();
        ExchangeState state = update.state();
        UpdateBody body = update.body();
        subscriptions.updateArrived(before, state, body);
        if (state == ExchangeState.DELIVERING) {
            if (before.storedKey() == null && body.hasDelivery()) {
                DataKey key;
                try {
                    key = DataKey.unwrap(node.credentials(), new ExchangeId(id),
                            new WrappedDataKey(body.getDelivery().getWrappedKey().toByteArray()));
                } catch (EnvelopeException e) {
                    fail(id, "the data key does not open here: " + e.getMessage());
                    return;
                }
                // The intake first, then the stored key: a chunk racing in between must find this
                // intake, never restore a second one from the stored key and the spool.
                intakes.putIfAbsent(id, new Intake(key.opener()));
                // Wrapped and stored with no storage key rotation in between (it would miss this one).
                secrets.withStorageKey(storageKey -> store.set(id, ExchangeRole.CONSUMER,
                        ExchangeStore.Changes.none().set("stored_key", key.storeUnder(storageKey).bytes()),
                        node.clock().instant(), EventType.EXCHANGE_KEY_STORED, "data key stored under the node's storage key"));
            }
            Flow flow = flows.open(id, ExchangeRole.CONSUMER, before.owner(), before.consumer(), ownerCert);
            flows.resumeFrom(flow);
            tryComplete(id, flow);
        } else if (state == ExchangeState.FAILED || state == ExchangeState.EXPIRED || state == ExchangeState.DENIED) {
            intakes.remove(id);
            discard(id, "exchange " + state);
        }
    }

    /** A verified-signature chunk from upstream: open it, keep it, and finish when it was the last. */
    @Override
    public void chunkArrived(Flow flow, SpooledChunk chunk) {
        Intake intake = intakes.computeIfAbsent(flow.id(), id -> restore(flow));
        if (intake == null) {
            return;
        }
        synchronized (intake) {
            byte[] plain;
            try {
                plain = intake.opener.open(new SealedChunk(new ExchangeId(flow.id()), chunk.index(), chunk.last(),
                        chunk.sealed()));
            } catch (EnvelopeException e) {
                events.appendDetached(EventType.EXCHANGE_FRAME_REFUSED, "link:" + flow.upstream().code(), flow.id(),
                        "chunk " + chunk.index() + " refused: " + e.getMessage());
                return;
            }
            // Counted only once kept: a chunk the disk refused comes again and must not count twice.
            if (!flow.spool().append(chunk)) {
                return;
            }
            intake.digest.update(chunk.signature(), 0, chunk.signature().length);
            intake.rows += ChunkRows.count(plain);
        }
        if (chunk.last()) {
            lanes.onLane(flow.id(), () -> tryComplete(flow.id(), flow));
        }
    }

    @Override
    public void allChunksHeld(Flow flow) {
        lanes.onLane(flow.id(), () -> tryComplete(flow.id(), flow));
    }

    /** After a restart: the key from its stored form, and the chunks already kept opened again to rebuild digest and count. */
    private Intake restore(Flow flow) {
        Optional<ExchangeRecord> record = store.find(flow.id(), ExchangeRole.CONSUMER);
        if (record.isEmpty() || record.get().storedKey() == null) {
            return null;
        }
        DataKey key = DataKey.restore(secrets.storageKey(), new ExchangeId(flow.id()),
                new StoredDataKey(record.get().storedKey()));
        Intake intake = new Intake(key.opener());
        for (long i = 0; i < flow.spool().next(); i++) {
            SpooledChunk c = flow.spool().read(i);
            byte[] plain = intake.opener.open(new SealedChunk(new ExchangeId(flow.id()), c.index(), c.last(), c.sealed()));
            intake.digest.update(c.signature(), 0, c.signature().length);
            intake.rows += ChunkRows.count(plain);
        }
        return intake;
    }

    private void tryComplete(String id, Flow flow) {
        ExchangeRecord record = store.find(id, ExchangeRole.CONSUMER).orElse(null);
        if (record == null || record.state() != ExchangeState.DELIVERING || record.chunkCount() == null
                || !flow.spool().complete()) {
            return;
        }
        // Gone when this node restarted after the last chunk, or a failed write lost the first try.
        Intake intake = intakes.computeIfAbsent(id, k -> restore(flow));
        if (intake == null) {
            return;
        }
        byte[] digest;
        long rows;
        synchronized (intake) {
            digest = new byte[32];
            new SM3Digest(intake.digest).doFinal(digest, 0);
            rows = intake.rows;
        }
        if (flow.spool().next() != record.chunkCount() || rows != record.rowCount()
                || !Arrays.equals(digest, record.contentDigest())) {
            fail(id, "received " + flow.spool().next() + " chunks / " + rows + " rows that do not match the owner's "
                    + record.chunkCount() + " / " + record.rowCount() + " and digest");
            return;
        }
        flow.spool().force();
        ReceiptBody receipt = ReceiptBody.newBuilder().setExchangeId(id).setConsumerRegion(node.region().code())
                .setOwnerRegion(record.owner().code()).setChunkCount(record.chunkCount()).setRowCount(rows)
                .setContentDigest(ByteString.copyFrom(digest)).setAtMs(node.clock().instant().toEpochMilli()).build();
        byte[] bytes = receipt.toByteArray();
        byte[] signature = ExchangeSignatures.sign(node.credentials(), ExchangeSignatures.Kind.RECEIPT, bytes);
        boolean moved = store.move(id, ExchangeRole.CONSUMER, ExchangeState.DELIVERING, ExchangeState.DELIVERED,
                rows + " rows verified and stored encrypted; receipt sent", ExchangeStore.Changes.none()
                        .set("receipt_body", bytes).set("receipt_signature", signature), node.clock().instant());
        intakes.remove(id);
        flows.received(id);
        if (moved) {
            hops.towards(record.owner(), ExchangeFrame.newBuilder().setReceipt(SignedReceipt.newBuilder()
                    .setBody(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(signature))
                    .addAllConsumerChain(ExchangeWire.appChain(node.credentials()))).build());
        }
    }

    /**
     * A directive stopped this node's exchange: it fails here with the directive named, what arrived
     * is deleted, and the owner is told (its final update then purges every hop on the way).
     */
    public void halt(String id, String directiveId, String reason) {
        lanes.onLane(id, () -> store.find(id, ExchangeRole.CONSUMER).ifPresent(r -> {
            if (!r.state().canReach(ExchangeState.FAILED)) {
                return;
            }
            fail(id, reason);
            halts.send(r, directiveId, reason);
        }));
    }

    private void fail(String id, String why) {
        LOG.warnf("exchange %s failed at %s: %s", id, node.region(), why);
        intakes.remove(id);
        store.find(id, ExchangeRole.CONSUMER).ifPresent(r -> {
            if (r.state().canReach(ExchangeState.FAILED)) {
                store.move(id, ExchangeRole.CONSUMER, r.state(), ExchangeState.FAILED, why,
                        ExchangeStore.Changes.none().set("reason", why), node.clock().instant());
            }
        });
        discard(id, why);
    }

    /**
     * Deletes what this node received of an exchange that ended without it: the chunks, and the data
     * key stored wrapped under the storage key (only the consumer holds one, so relays' purges never
     * look for it).
     */
    private void discard(String id, String why) {
        purge.purge(id, why);
        store.find(id, ExchangeRole.CONSUMER).filter(r -> r.storedKey() != null).ifPresent(r -> store.set(id,
                ExchangeRole.CONSUMER, ExchangeStore.Changes.none().set("stored_key", null).set("purged_at", node.clock().instant()),
                node.clock().instant(), EventType.EXCHANGE_PURGED, "received chunks and data key deleted: " + why));
    }
}
