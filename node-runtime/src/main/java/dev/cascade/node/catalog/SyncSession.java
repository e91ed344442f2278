package dev.cascade.node.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import dev.cascade.protocol.trust.DerChain;

import dev.cascade.proto.catalog.v1.ChangeAck;
import dev.cascade.proto.catalog.v1.SignedChange;
import dev.cascade.proto.catalog.v1.SyncMessage;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.Visibility;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import dev.cascade.proto.catalog.v1.OriginChain;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * This node's end of one CatalogSync stream with a neighbour. It feeds the neighbour every change
 * it may see, in order per origin, resuming after the neighbour's last acknowledgement, and it
 * applies and acknowledges what the neighbour sends. All its state is touched on one thread.
 */
final class SyncSession {

    private static final Logger LOG = Logger.getLogger(SyncSession.class);
    /** Changes sent but not yet acknowledged, per session: bounds memory and the peer's backlog. */
    static final int WINDOW = 4000;
    static final int BATCH = 500;

    private final RegionCode self;
    private final RegionCode peer;
    private final boolean peerIsParent;
    /** The identity a child was admitted under when it opened this stream; null on the stream to the parent. */
    private final PeerIdentity child;
    private final StreamObserver<SyncMessage> out;
    private final CatalogFeedStore store;
    private final CatalogApplier applier;
    private final CatalogCheckpoints checkpoints;
    /** Checkpoints sent on this stream, by origin/first-last. */
    private final Set<String> checkpointsSent = new HashSet<>();
    private final ExecutorService worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private final List<SignedChange> inbound = new ArrayList<>();
    /** Chains the peer sent on this stream, by digest; bounded because the peer chooses how many. */
    private final Map<ByteString, byte[]> peerChains = new ConcurrentHashMap<>();
    /** Chains this side sent on this stream: later changes name them by digest. */
    private final Set<ByteString> chainsSent = new HashSet<>();
    static final int MAX_STREAM_CHAINS = 4096;
    private boolean drainQueued;

    private final Map<String, Long> scanned = new HashMap<>();
    private final Map<String, Long> previousVisible = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> unacked = new HashMap<>();
    private int inFlight;
    private boolean started;

    /** @param child the child that opened this stream, as admitted; null when the peer is this node's parent */
    SyncSession(RegionCode self, RegionCode peer, PeerIdentity child, StreamObserver<SyncMessage> out,
                CatalogFeedStore store, CatalogApplier applier, CatalogCheckpoints checkpoints) {
        this.self = self;
        this.peer = peer;
        this.peerIsParent = child == null;
        this.child = child;
        this.out = out;
        this.store = store;
        this.applier = applier;
        this.checkpoints = checkpoints;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cascade-catalog-sync-" + peer);
            t.setDaemon(true);
            return t;
        });
    }

    RegionCode peer() {
        return peer;
    }

    PeerIdentity child() {
        return child;
    }

    void start() {
        run(() -> {
            store.cursors(peer).forEach((origin, acked) -> {
                scanned.put(origin, acked);
                previousVisible.put(origin, acked);
            });
            started = true;
            pumpNow();
        });
    }

    /** New changes may be waiting: look soon (coalesced). */
    void pump() {
        if (pumpQueued.compareAndSet(false, true)) {
            run(() -> {
                pumpQueued.set(false);
                pumpNow();
            });
        }
    }

    void received(SyncMessage message) {
        switch (message.getBodyCase()) {
            case CHANGE -> {
                synchronized (inbound) {
                    inbound.add(message.getChange());
                    if (drainQueued) {
                        return;
                    }
                    drainQueued = true;
                }
                run(this::drainInbound);
            }
            case ACK -> run(() -> acknowledged(message.getAck()));
            case CHAIN -> rememberChain(message.getChain());
            // Verified here, on the stream's delivery thread, so that it is known before any change it covers.
            case CHECKPOINT -> applier.acceptCheckpoint(message.getCheckpoint(), peerChains, peer);
            case BODY_NOT_SET -> LOG.debugf("empty catalog sync message from %s", peer);
        }
    }

    /**
     * Runs on the stream's delivery thread, before any later change of the stream is queued, so a
     * change that names this chain always finds it.
     */
    private void rememberChain(OriginChain chain) {
        byte[] joined = DerChain.join(chain.getCertificatesList().stream().map(ByteString::toByteArray).toList());
        if (!CatalogChains.digestOf(joined).equals(chain.getDigest())) {
            close(Status.INVALID_ARGUMENT.withDescription("origin chain digest does not match its certificates"));
        } else if (peerChains.size() >= MAX_STREAM_CHAINS && !peerChains.containsKey(chain.getDigest())) {
            close(Status.RESOURCE_EXHAUSTED.withDescription("more than " + MAX_STREAM_CHAINS + " origin chains on one stream"));
        } else {
            peerChains.put(chain.getDigest(), joined);
        }
    }

    void close(Status status) {
        if (closed.compareAndSet(false, true)) {
            worker.shutdownNow();
            try {
                if (status.isOk()) {
                    out.onCompleted();
                } else {
                    out.onError(status.asRuntimeException());
                }
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    void ended() {
        closed.set(true);
        worker.shutdownNow();
    }

    private void run(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        // The stream ended under a running task (its database wait was interrupted): expected.
                        LOG.debugf("catalog sync task with %s ended with its stream: %s", peer, e);
                        return;
                    }
                    LOG.errorf(e, "catalog sync with %s failed; closing the stream to resume later", peer);
                    close(Status.INTERNAL.withDescription("catalog sync failed at " + self + ": " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            // closed concurrently
        }
    }

    private void drainInbound() {
        List<SignedChange> batch;
        synchronized (inbound) {
            batch = new ArrayList<>(inbound.subList(0, Math.min(BATCH, inbound.size())));
            inbound.subList(0, batch.size()).clear();
            drainQueued = !inbound.isEmpty();
        }
        if (!batch.isEmpty()) {
            for (ChangeAck ack : applier.apply(batch, peer, peerChains)) {
                send(SyncMessage.newBuilder().setAck(ack).build());
            }
        }
        if (drainQueued) {
            run(this::drainInbound);
        }
    }

    private void acknowledged(ChangeAck ack) {
        String origin = ack.getOrigin();
        if (!ack.getRefused().isEmpty()) {
            LOG.warnf("%s refused a change of %s: %s", peer, origin, ack.getRefused());
            return;
        }
        ArrayDeque<Long> pending = unacked.computeIfAbsent(origin, o -> new ArrayDeque<>());
        while (!pending.isEmpty() && pending.peekFirst() <= ack.getAppliedThrough()) {
            pending.pollFirst();
            inFlight--;
        }
        store.saveCursor(peer, origin, ack.getAppliedThrough());
        if (ack.getGap()) {
            // The peer misses something before what we sent: resend after what it has.
            inFlight -= pending.size();
            pending.clear();
            scanned.put(origin, ack.getAppliedThrough());
            previousVisible.put(origin, ack.getAppliedThrough());
        }
        pumpNow();
    }

    private void pumpNow() {
        if (!started || closed.get()) {
            return;
        }
        for (Map.Entry<String, Long> head : store.origins().entrySet()) {
            String originCode = head.getKey();
            RegionCode origin = RegionCode.parse(originCode);
            if (!mayTravel(origin)) {
                continue;
            }
            long from = scanned.getOrDefault(originCode, 0L);
            while (from < head.getValue() && inFlight < WINDOW) {
                List<CatalogFeedStore.StoredChange> rows = store.changesAfter(originCode, from, BATCH);
                if (rows.isEmpty()) {
                    break;
                }
                List<CatalogFeedStore.StoredChange> run = runWithinWindow(origin, rows);
                sendCheckpointsFor(origin, run);
                for (CatalogFeedStore.StoredChange c : run) {
                    from = c.seq();
                    scanned.put(originCode, from);
                    if (visibleToPeer(origin, c.scope())) {
                        sendChainOnce(c.chainDigest());
                        send(SyncMessage.newBuilder().setChange(SignedChange.newBuilder()
                                .setBody(ByteString.copyFrom(c.body()))
                                .setSignature(ByteString.copyFrom(c.signature()))
                                .setOriginChainDigest(c.chainDigest())
                                .setPreviousSeq(previousVisible.getOrDefault(originCode, 0L))).build());
                        previousVisible.put(originCode, c.seq());
                        unacked.computeIfAbsent(originCode, o -> new ArrayDeque<>()).addLast(c.seq());
                        inFlight++;
                    }
                }
            }
        }
    }

    /** The leading rows whose visible changes still fit the window. */
    private List<CatalogFeedStore.StoredChange> runWithinWindow(RegionCode origin, List<CatalogFeedStore.StoredChange> rows) {
        int room = WINDOW - inFlight;
        int end = 0;
        while (end < rows.size() && room > 0) {
            if (visibleToPeer(origin, rows.get(end).scope())) {
                room--;
            }
            end++;
        }
        return rows.subList(0, end);
    }

    /**
     * Before a run of changes: this node's own checkpoint over the run when it is the origin, else
     * the origin's checkpoints this node verified earlier, so the peer skips per-change signatures.
     */
    private void sendCheckpointsFor(RegionCode origin, List<CatalogFeedStore.StoredChange> run) {
        if (run.isEmpty() || run.stream().noneMatch(c -> visibleToPeer(origin, c.scope()))) {
            return;
        }
        List<CatalogCheckpoints.Known> covering = origin.equals(self)
                ? checkpoints.signOwn(run).map(List::of).orElse(List.of())
                : checkpoints.overlapping(origin, run.get(0).seq(), run.get(run.size() - 1).seq());
        for (CatalogCheckpoints.Known k : covering) {
            if (checkpointsSent.add(k.key())) {
                sendChainOnce(k.wire().getOriginChainDigest());
                send(SyncMessage.newBuilder().setCheckpoint(k.wire()).build());
            }
        }
    }

    private void sendChainOnce(ByteString digest) {
        if (chainsSent.add(digest)) {
            send(SyncMessage.newBuilder().setChain(OriginChain.newBuilder()
                    .setDigest(digest)
                    .addAllCertificates(store.chainCertificates(digest).stream().map(ByteString::copyFrom).toList())).build());
        }
    }

    /** Changes flow up from a subtree and down into subtrees they did not come from. */
    private boolean mayTravel(RegionCode origin) {
        return peerIsParent ? self.covers(origin) : !peer.covers(origin);
    }

    private boolean visibleToPeer(RegionCode origin, Scope scope) {
        return peerIsParent ? Visibility.sendUp(self, origin, scope, peer) : Visibility.sendDown(self, origin, scope, peer);
    }

    private synchronized void send(SyncMessage message) {
        if (closed.get()) {
            return;
        }
        try {
            out.onNext(message);
        } catch (RuntimeException e) {
            closed.set(true);
        }
    }
}
