package dev.cascade.node.exchange;

import com.google.protobuf.ByteString;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.DataChunk;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.ResumeFrom;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.Unroutable;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.envelope.ChunkSignatureVerifier;
import dev.cascade.protocol.envelope.ChunkSignatures;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Moves exchange frames hop by hop and keeps this node's view of every exchange it is on the route
 * of. Each frame is checked before anything is recorded: it must come from the neighbour towards
 * its author, carry the author's valid signature, and agree with what this node already holds; a
 * frame that fails is dropped with an alert and changes nothing. Requests, updates and receipts are
 * handled on a few ordered lanes (one exchange always on the same lane); chunks are spooled on the
 * receiving stream's thread and pumped on as fast as the next link accepts them.
 */
@ApplicationScoped
public class ExchangeRouter implements RelayLinks.Listener {

    private static final Logger LOG = Logger.getLogger(ExchangeRouter.class);
    private static final int LANES = 8;
    private static final Duration RESEND_WINDOW = Duration.ofHours(1);

    @Inject
    LocalNode node;
    @Inject
    RelayLinks links;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeSpools spools;
    @Inject
    EventLog events;
    @Inject
    CascadeConfig config;
    @Inject
    OwnerDesk owner;
    @Inject
    ConsumerIntake consumer;
    @Inject
    dev.cascade.node.identity.AuthorKeys authors;

    private final ExecutorService[] lanes = new ExecutorService[LANES];
    private final Map<String, Flow> flows = new ConcurrentHashMap<>();

    /** Chunks of one exchange passing this node: where they come from, where they go, how far the next hop has them. */
    static final class Flow {
        final String id;
        final ExchangeRole role;
        final RegionCode upstream;
        final RegionCode downstream; // null at the consumer
        final X509Certificate ownerCertificate;
        final ChunkSpool spool;
        final ChunkSignatureVerifier verifier;
        long cursor; // next index to send downstream

        Flow(String id, ExchangeRole role, RegionCode upstream, RegionCode downstream, X509Certificate ownerCertificate,
             ChunkSpool spool) {
            this.id = id;
            this.role = role;
            this.upstream = upstream;
            this.downstream = downstream;
            this.ownerCertificate = ownerCertificate;
            this.spool = spool;
            this.verifier = ChunkSignatures.verifierFor(ownerCertificate);
        }
    }

    void start(@Observes @Priority(20) StartupEvent start) {
        for (int i = 0; i < LANES; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cascade-exchange-lane-" + lane);
                t.setDaemon(true);
                return t;
            });
        }
        links.listen(this);
    }

    void stop(@Observes ShutdownEvent stop) {
        for (ExecutorService lane : lanes) {
            if (lane != null) {
                lane.shutdownNow();
            }
        }
    }

    /** Runs work for one exchange on its lane: its frames are handled in the order they arrived. */
    void onLane(String exchangeId, Runnable work) {
        lanes[Math.floorMod(exchangeId.hashCode(), LANES)].execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "exchange %s: %s", exchangeId, e.getMessage());
            }
        });
    }

    RegionCode self() {
        return node.region();
    }

    // ---- sending -----------------------------------------------------------------------------------

    /** Hands a frame towards {@code destination}; if the link is down now, link-up re-sends it from the record. */
    void towards(RegionCode destination, ExchangeFrame frame) {
        Routing.nextHop(self(), destination).ifPresent(next -> links.send(next, frame));
    }

    /**
     * Hands a request on towards its owner. A parent link that is down comes back and re-sends it,
     * and so does a child that has joined; a child region no node serves never will, so the
     * request fails here, and the hops back to the consumer are told why ({@link Unroutable}).
     *
     * @return false when the request failed here as unroutable
     */
    boolean forwardRequest(String id, RegionCode consumer, RegionCode owner, SignedRequest request) {
        RegionCode next = Routing.nextHop(self(), owner).orElseThrow();
        if (links.send(next, ExchangeFrame.newBuilder().setRequest(request).build()) || !self().isParentOf(next)) {
            return true;
        }
        String reason = switch (store.childStanding(next.code())) {
            case SERVING -> null;
            case REVOKED -> "the node of " + next + " is revoked at " + self() + ": no node serves " + owner;
            case NEVER_JOINED -> "no node has joined " + self() + " for " + next + ": no node serves " + owner;
        };
        if (reason == null) {
            return true;
        }
        unroutable(Unroutable.newBuilder().setExchangeId(id).setConsumerRegion(consumer.code())
                .setOwnerRegion(owner.code()).setStoppedAt(self().code()).setMissing(next.code()).setReason(reason).build());
        return false;
    }

    /** Fails this node's record of a request that cannot reach its owner, and passes the notice on to the consumer. */
    private void unroutable(Unroutable notice) {
        RegionCode consumer = RegionCode.parse(notice.getConsumerRegion());
        ExchangeRole role = self().equals(consumer) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        String why = "unroutable: " + notice.getReason();
        // The move is conditional on REQUESTED: a late or false notice cannot undo the owner's answer.
        if (!store.move(notice.getExchangeId(), role, ExchangeState.REQUESTED, ExchangeState.FAILED, why,
                ExchangeStore.Changes.none().set("reason", why), node.clock().instant())) {
            return;
        }
        if (role == ExchangeRole.RELAY) {
            towards(consumer, ExchangeFrame.newBuilder().setUnroutable(notice).build());
        }
    }

    void onUnroutable(RegionCode peer, Unroutable notice) {
        String id = notice.getExchangeId();
        RegionCode consumer;
        RegionCode owner;
        RegionCode stoppedAt;
        try {
            consumer = RegionCode.parse(notice.getConsumerRegion());
            owner = RegionCode.parse(notice.getOwnerRegion());
            stoppedAt = RegionCode.parse(notice.getStoppedAt());
        } catch (IllegalArgumentException e) {
            refuse(peer, id, "unroutable notice names an invalid region: " + e.getMessage());
            return;
        }
        // From the direction of the owner only, and about a node on the route beyond this one.
        if (!Routing.arrivesFrom(self(), owner, peer) || !Routing.onRoute(stoppedAt, consumer, owner)
                || stoppedAt.equals(self()) || !Routing.onRoute(self(), consumer, owner)) {
            refuse(peer, id, "unroutable notice for " + id + " (stopped at " + stoppedAt + ") cannot arrive from " + peer
                    + " at " + self());
            return;
        }
        Optional<ExchangeRecord> known = store.find(id, self().equals(consumer) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY);
        if (known.isEmpty() || !known.get().owner().equals(owner) || !known.get().consumer().equals(consumer)) {
            refuse(peer, id, "unroutable notice for exchange " + id + " that never passed " + self() + " on that route");
            return;
        }
        unroutable(notice);
    }

    // ---- receiving ---------------------------------------------------------------------------------

    @Override
    public void received(RegionCode peer, ExchangeFrame frame) {
        switch (frame.getKindCase()) {
            case REQUEST -> {
                SignedRequest r = frame.getRequest();
                onLane(laneKey(r.getBody()), () -> onRequest(peer, r));
            }
            case UPDATE -> {
                SignedUpdate u = frame.getUpdate();
                onLane(laneKey(u.getBody()), () -> onUpdate(peer, u));
            }
            case RECEIPT -> {
                SignedReceipt r = frame.getReceipt();
                onLane(laneKey(r.getBody()), () -> onReceipt(peer, r));
            }
            case CHUNK -> onChunk(peer, frame.getChunk());
            case RESUME -> onResume(peer, frame.getResume());
            case UNROUTABLE -> {
                Unroutable u = frame.getUnroutable();
                onLane(u.getExchangeId(), () -> onUnroutable(peer, u));
            }
            default -> refuse(peer, "-", "frame of unknown kind " + frame.getKindCase());
        }
    }

    private List<X509Certificate> chainOf(List<ByteString> der) throws ExchangeWire.Malformed {
        try {
            return authors.decode(ExchangeWire.joined(der));
        } catch (RuntimeException e) {
            throw new ExchangeWire.Malformed("certificate chain cannot be read: " + e.getMessage());
        }
    }

    /**
     * The exchange id a message body starts with (field 1, 36 characters: tag 0x0a, length 36), read
     * without parsing on the stream thread, so that every frame and every follow-up of one exchange
     * runs on the same lane. A body of another shape still gets a lane; its handler refuses it.
     */
    private static String laneKey(ByteString body) {
        if (body.size() >= 38 && body.byteAt(0) == 0x0a && body.byteAt(1) == 36) {
            return body.substring(2, 38).toStringUtf8();
        }
        return body.substring(0, Math.min(body.size(), 40)).toStringUtf8();
    }

    void onRequest(RegionCode peer, SignedRequest signed) {
        RequestBody body;
        List<X509Certificate> chain;
        try {
            body = ExchangeWire.request(signed.getBody());
            chain = chainOf(signed.getConsumerChainList());
        } catch (ExchangeWire.Malformed e) {
            refuse(peer, "-", e.getMessage());
            return;
        }
        String id = body.getExchangeId();
        RegionCode consumerRegion;
        RegionCode ownerRegion;
        try {
            consumerRegion = RegionCode.parse(body.getConsumerRegion());
            ownerRegion = RegionCode.parse(body.getOwnerRegion());
        } catch (IllegalArgumentException e) {
            refuse(peer, id, "request names an invalid region: " + e.getMessage());
            return;
        }
        if (!Routing.arrivesFrom(self(), consumerRegion, peer)) {
            refuse(peer, id, "request of " + consumerRegion + " cannot arrive from " + peer + " at " + self());
            return;
        }
        if (!Routing.onRoute(self(), consumerRegion, ownerRegion)) {
            refuse(peer, id, self() + " is not on the route from " + consumerRegion + " to " + ownerRegion);
            return;
        }
        byte[] bodyBytes = signed.getBody().toByteArray();
        byte[] digest = ExchangeWire.sm3(bodyBytes);
        ExchangeRole role = self().equals(ownerRegion) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        Authorship.Check check = ExchangeSignatures.verifySealed(ExchangeSignatures.Kind.REQUEST, bodyBytes,
                signed.getSignature().toByteArray(), chain, consumerRegion, authors.chains(), authors::rememberingVerifierFor);
        if (check instanceof Authorship.Unproven unproven) {
            refuse(peer, id, "request " + id + " refused: " + unproven.reason());
            return;
        }
        Instant now = node.clock().instant();
        Instant issued = Instant.ofEpochMilli(body.getIssuedAtMs());
        Duration freshness = config.exchange().requestFreshness();
        if (issued.isBefore(now.minus(freshness)) || issued.isAfter(now.plus(freshness))) {
            // Not fresh: only a re-send of a request already on record here is answered.
            Optional<ExchangeRecord> known = store.find(id, role);
            if (known.isPresent()) {
                answerKnown(peer, signed, known.get(), digest, ownerRegion);
            } else {
                refuse(peer, id, "request " + id + " was issued at " + issued + ", outside " + freshness
                        + " of now: stale or replayed");
            }
            return;
        }
        ExchangeRecord record = new ExchangeRecord(id, role, ExchangeState.REQUESTED, consumerRegion,
                body.getConsumerDepartment(), ownerRegion, body.getResourceId(), body.getPurpose(),
                bodyBytes, signed.getSignature().toByteArray(),
                ExchangeWire.joined(signed.getConsumerChainList()), digest, 0, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, now, now);
        // Insert first and look only when the id is taken: a new request costs one write, no read.
        if (!store.create(record, "request from " + consumerRegion + " received from " + peer)) {
            store.find(id, role).ifPresent(known -> answerKnown(peer, signed, known, digest, ownerRegion));
            return;
        }
        if (role == ExchangeRole.OWNER) {
            owner.decide(record, body);
        } else {
            forwardRequest(id, consumerRegion, ownerRegion, signed);
        }
    }

    /** A request whose id is on record: a retry is answered as before, anything else under that id refused. */
    private void answerKnown(RegionCode peer, SignedRequest signed, ExchangeRecord known, byte[] digest, RegionCode ownerRegion) {
        if (!Arrays.equals(known.requestDigest(), digest)) {
            refuse(peer, known.id(), "request " + known.id() + " differs from the one recorded under the same id: altered or replayed");
            return;
        }
        // A retry of the same request: answer as before, record nothing new.
        if (known.role() == ExchangeRole.RELAY && known.state() == ExchangeState.REQUESTED) {
            towards(ownerRegion, ExchangeFrame.newBuilder().setRequest(signed).build());
        } else if (known.hasUpdate()) {
            links.send(peer, updateFrame(known));
        }
    }

    void onUpdate(RegionCode peer, SignedUpdate signed) {
        UpdateBody body;
        List<X509Certificate> chain;
        try {
            body = ExchangeWire.update(signed.getBody());
            chain = chainOf(signed.getOwnerChainList());
        } catch (ExchangeWire.Malformed e) {
            refuse(peer, "-", e.getMessage());
            return;
        }
        String id = body.getExchangeId();
        RegionCode ownerRegion;
        RegionCode consumerRegion;
        try {
            ownerRegion = RegionCode.parse(body.getOwnerRegion());
            consumerRegion = RegionCode.parse(body.getConsumerRegion());
        } catch (IllegalArgumentException e) {
            refuse(peer, id, "update names an invalid region: " + e.getMessage());
            return;
        }
        if (!Routing.arrivesFrom(self(), ownerRegion, peer)) {
            refuse(peer, id, "update of " + ownerRegion + " cannot arrive from " + peer + " at " + self());
            return;
        }
        ExchangeRole role = self().equals(consumerRegion) ? ExchangeRole.CONSUMER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = store.find(id, role);
        if (known.isEmpty()) {
            refuse(peer, id, "update for exchange " + id + " that never passed " + self());
            return;
        }
        ExchangeRecord record = known.get();
        if (!record.owner().equals(ownerRegion) || !record.consumer().equals(consumerRegion)
                || !Arrays.equals(record.requestDigest(), body.getRequestDigest().toByteArray())) {
            refuse(peer, id, "update for exchange " + id + " does not answer the request recorded here");
            return;
        }
        if (body.getSeq() <= record.updateSeq()) {
            return; // already have it (a re-send after link-up)
        }
        Authorship.Check check = ExchangeSignatures.verifySealed(ExchangeSignatures.Kind.UPDATE, signed.getBody().toByteArray(),
                signed.getSignature().toByteArray(), chain, ownerRegion, authors.chains(), authors::rememberingVerifierFor);
        if (check instanceof Authorship.Unproven unproven) {
            refuse(peer, id, "update " + body.getSeq() + " of exchange " + id + " refused: " + unproven.reason());
            return;
        }
        X509Certificate ownerCert = ((Authorship.Authentic) check).certificate();
        Optional<ExchangeState> state = ExchangeState.ofCode(body.getStateValue());
        if (state.isEmpty()) {
            refuse(peer, id, "update of exchange " + id + " names unknown state " + body.getStateValue());
            return;
        }
        Optional<ExchangeUpdates.Accepted> accepted = ExchangeUpdates.accept(record, body, signed, ownerCert);
        if (accepted.isEmpty()) {
            refuse(peer, id, "update of exchange " + id + " cannot move it from " + record.state() + " to " + state.get());
            return;
        }
        boolean moved = ExchangeUpdates.record(store, record, accepted.get(), node.clock().instant());
        if (!moved) {
            return;
        }
        ExchangeState now = accepted.get().state();
        if (role == ExchangeRole.RELAY) {
            towards(consumerRegion, ExchangeFrame.newBuilder().setUpdate(signed).build());
            if (now == ExchangeState.DELIVERING) {
                resumeFrom(flow(record.id(), role, ownerRegion, consumerRegion, ownerCert));
            } else if (!now.holdsData()) {
                purge(id, "exchange " + now);
            }
        } else {
            consumer.updated(record, accepted.get(), ownerCert);
        }
    }

    void onReceipt(RegionCode peer, SignedReceipt signed) {
        ReceiptBody body;
        List<X509Certificate> chain;
        try {
            body = ExchangeWire.receipt(signed.getBody());
            chain = chainOf(signed.getConsumerChainList());
        } catch (ExchangeWire.Malformed e) {
            refuse(peer, "-", e.getMessage());
            return;
        }
        String id = body.getExchangeId();
        RegionCode consumerRegion;
        try {
            consumerRegion = RegionCode.parse(body.getConsumerRegion());
        } catch (IllegalArgumentException e) {
            refuse(peer, id, "receipt names an invalid region: " + e.getMessage());
            return;
        }
        if (!Routing.arrivesFrom(self(), consumerRegion, peer)) {
            refuse(peer, id, "receipt of " + consumerRegion + " cannot arrive from " + peer + " at " + self());
            return;
        }
        ExchangeRole role = self().equals(RegionCode.parse(body.getOwnerRegion())) ? ExchangeRole.OWNER : ExchangeRole.RELAY;
        Optional<ExchangeRecord> known = store.find(id, role);
        if (known.isEmpty() || !known.get().consumer().equals(consumerRegion)) {
            refuse(peer, id, "receipt for exchange " + id + " that is not on record here");
            return;
        }
        if (known.get().receiptBody() != null) {
            return; // a re-send
        }
        Authorship.Check check = ExchangeSignatures.verify(ExchangeSignatures.Kind.RECEIPT, signed.getBody().toByteArray(),
                signed.getSignature().toByteArray(), chain, consumerRegion, authors.chains(), authors::verifierFor);
        if (check instanceof Authorship.Unproven unproven) {
            refuse(peer, id, "receipt of exchange " + id + " refused: " + unproven.reason());
            return;
        }
        Instant now = node.clock().instant();
        store.set(id, role, ExchangeStore.Changes.none().set("receipt_body", signed.getBody().toByteArray())
                .set("receipt_signature", signed.getSignature().toByteArray()), now, EventType.EXCHANGE_RECEIPT,
                "receipt of " + consumerRegion);
        purge(id, "receipt of " + consumerRegion);
        if (role == ExchangeRole.RELAY) {
            towards(known.get().owner(), ExchangeFrame.newBuilder().setReceipt(signed).build());
        } else {
            owner.receiptArrived(known.get(), body);
        }
    }

    // ---- chunks ------------------------------------------------------------------------------------

    void onChunk(RegionCode peer, DataChunk chunk) {
        Flow flow = flows.get(chunk.getExchangeId());
        if (flow == null) {
            flow = loadFlow(chunk.getExchangeId()).orElse(null);
            if (flow == null) {
                return; // not (or no longer) delivering here; the update that starts it re-asks
            }
        }
        if (!peer.equals(flow.upstream)) {
            refuse(peer, flow.id, "chunk " + chunk.getIndex() + " of exchange " + flow.id + " from " + peer
                    + ", which is not the hop towards its owner");
            return;
        }
        if (chunk.getIndex() != flow.spool.next()) {
            return; // a duplicate after a resume; the spool has it
        }
        SealedChunk sealed = new SealedChunk(new ExchangeId(flow.id), chunk.getIndex(), chunk.getLast(),
                chunk.getSealed().toByteArray());
        if (!flow.verifier.verifies(sealed, chunk.getSignature().toByteArray())) {
            refuse(peer, flow.id, "chunk " + chunk.getIndex() + " of exchange " + flow.id
                    + " does not carry its owner's signature: tampered on the way");
            return;
        }
        SpooledChunk spooled = new SpooledChunk(chunk.getIndex(), chunk.getLast(), sealed.ciphertext(),
                chunk.getSignature().toByteArray());
        if (flow.role == ExchangeRole.CONSUMER) {
            consumer.chunk(flow, spooled);
        } else if (flow.spool.append(spooled)) {
            pump(flow);
        }
    }

    void onResume(RegionCode peer, ResumeFrom resume) {
        Flow flow = flows.get(resume.getExchangeId());
        if (flow == null) {
            flow = loadFlow(resume.getExchangeId()).orElse(null);
        }
        if (flow == null || flow.downstream == null || !flow.downstream.equals(peer)) {
            return;
        }
        synchronized (flow) {
            flow.cursor = Math.max(0, resume.getNextIndex());
        }
        pump(flow);
    }

    /** The owner's delivery added a chunk to its spool. */
    void sealed(Flow flow) {
        pump(flow);
    }

    /** Sends spooled chunks downstream while the link takes them. */
    void pump(Flow flow) {
        if (flow.downstream == null) {
            return;
        }
        synchronized (flow) {
            while (flow.cursor < flow.spool.next() && links.ready(flow.downstream)) {
                SpooledChunk c = flow.spool.read(flow.cursor);
                DataChunk frame = DataChunk.newBuilder().setExchangeId(flow.id).setIndex(c.index()).setLast(c.last())
                        .setSealed(ByteString.copyFrom(c.sealed())).setSignature(ByteString.copyFrom(c.signature())).build();
                if (!links.send(flow.downstream, ExchangeFrame.newBuilder().setChunk(frame).build())) {
                    return;
                }
                flow.cursor++;
            }
        }
    }

    @Override
    public void ready(RegionCode peer) {
        for (Flow flow : flows.values()) {
            if (peer.equals(flow.downstream)) {
                pump(flow);
            }
        }
    }

    Flow flow(String id, ExchangeRole role, RegionCode ownerRegion, RegionCode consumerRegion, X509Certificate ownerCert) {
        return flows.computeIfAbsent(id, k -> new Flow(id, role,
                role == ExchangeRole.OWNER ? null : Routing.nextHop(self(), ownerRegion).orElseThrow(),
                role == ExchangeRole.CONSUMER ? null : Routing.nextHop(self(), consumerRegion).orElseThrow(),
                ownerCert, spools.of(id)));
    }

    /** After a restart: rebuild the flow of an exchange this node is delivering, from its record. */
    private Optional<Flow> loadFlow(String id) {
        try {
            ExchangeWire.exchangeId(id);
        } catch (ExchangeWire.Malformed e) {
            return Optional.empty();
        }
        for (ExchangeRecord r : store.all(id)) {
            if (r.state() == ExchangeState.DELIVERING && r.updateChain() != null && r.role() != ExchangeRole.OWNER) {
                try {
                    X509Certificate ownerCert = ExchangeWire.chain(ExchangeWire.split(r.updateChain())).get(0);
                    return Optional.of(flow(id, r.role(), r.owner(), r.consumer(), ownerCert));
                } catch (ExchangeWire.Malformed e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The consumer holds everything: no more chunks will come, so the flow and its open file go. */
    void received(String id) {
        flows.remove(id);
        spools.release(id);
    }

    /**
     * Deletes this node's cached chunks of an exchange, and records the deletion when there was
     * something to delete (an exchange answered without data left nothing here).
     */
    void purge(String id, String why) {
        flows.remove(id);
        boolean had = spools.purge(id);
        if (!had) {
            LOG.debugf("exchange %s: nothing cached at %s (%s)", id, self(), why);
            return;
        }
        for (ExchangeRecord r : store.all(id)) {
            if (r.role() != ExchangeRole.CONSUMER && r.purgedAt() == null) {
                store.set(id, r.role(), ExchangeStore.Changes.none().set("purged_at", node.clock().instant()),
                        node.clock().instant(), EventType.EXCHANGE_PURGED, "cached chunks and data key deleted: " + why);
            }
        }
        LOG.debugf("exchange %s purged at %s (%s)", id, self(), why);
    }

    // ---- link-up -----------------------------------------------------------------------------------

    @Override
    public void linkUp(RegionCode peer) {
        lanes[0].execute(() -> {
            try {
                resendTo(peer);
            } catch (RuntimeException e) {
                LOG.warnf(e, "re-sending exchange frames to %s failed: %s", peer, e.getMessage());
            }
        });
    }

    private void resendTo(RegionCode peer) {
        for (ExchangeRecord r : store.inFlight(node.clock().instant().minus(RESEND_WINDOW))) {
            boolean towardsOwner = Routing.nextHop(self(), r.owner()).map(peer::equals).orElse(false);
            boolean towardsConsumer = Routing.nextHop(self(), r.consumer()).map(peer::equals).orElse(false);
            if (towardsOwner && r.role() != ExchangeRole.OWNER) {
                if (r.state() == ExchangeState.REQUESTED) {
                    links.send(peer, ExchangeFrame.newBuilder().setRequest(SignedRequest.newBuilder()
                            .setBody(ByteString.copyFrom(r.requestBody())).setSignature(ByteString.copyFrom(r.requestSignature()))
                            .addAllConsumerChain(ExchangeWire.split(r.requestChain()))).build());
                }
                if (r.receiptBody() != null && r.state() != ExchangeState.CLOSED && r.state() != ExchangeState.CONFIRMED) {
                    links.send(peer, ExchangeFrame.newBuilder().setReceipt(SignedReceipt.newBuilder()
                            .setBody(ByteString.copyFrom(r.receiptBody())).setSignature(ByteString.copyFrom(r.receiptSignature()))
                            .addAllConsumerChain(ExchangeWire.split(r.requestChain()))).build());
                }
                if (r.state() == ExchangeState.DELIVERING && r.receiptBody() == null) {
                    long next = spools.exists(r.id()) ? spools.of(r.id()).next() : 0;
                    links.send(peer, resumeFrame(r.id(), next));
                }
            }
            if (towardsConsumer && r.role() != ExchangeRole.CONSUMER && r.hasUpdate()) {
                links.send(peer, updateFrame(r));
            }
        }
    }

    static ExchangeFrame updateFrame(ExchangeRecord r) {
        return ExchangeFrame.newBuilder().setUpdate(SignedUpdate.newBuilder().setBody(ByteString.copyFrom(r.updateBody()))
                .setSignature(ByteString.copyFrom(r.updateSignature()))
                .addAllOwnerChain(ExchangeWire.split(r.updateChain()))).build();
    }

    /** Asks the hop towards the owner for the chunks of an exchange from {@code next} on. */
    void resumeFrom(Flow flow) {
        links.send(flow.upstream, resumeFrame(flow.id, flow.spool.next()));
    }

    static ExchangeFrame resumeFrame(String id, long next) {
        return ExchangeFrame.newBuilder().setResume(ResumeFrom.newBuilder().setExchangeId(id).setNextIndex(next)).build();
    }

    private void refuse(RegionCode peer, String exchangeId, String why) {
        LOG.warnf("%s: %s", self(), why);
        events.appendDetached(EventType.EXCHANGE_FRAME_REFUSED, "link:" + peer.code(), exchangeId, why);
    }
}
