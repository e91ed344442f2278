package dev.cascade.node.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.ParentDialer;
import dev.cascade.node.link.PeerAuthentication;
import dev.cascade.node.link.Redial;
import dev.cascade.node.link.RevocationsChanged;
import dev.cascade.node.link.RevokedPeers;
import dev.cascade.node.link.TierService;
import dev.cascade.proto.catalog.v1.CatalogSyncGrpc;
import dev.cascade.proto.catalog.v1.SyncMessage;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Every catalog sync stream of this node: the one it dials to its parent and the ones its
 * children dial to it. New local or received changes wake every stream's feed.
 */
@Singleton
public class CatalogFeeds implements TierService {

    private static final Duration SWEEP = Duration.ofSeconds(1);
    private static final Duration MAX_REDIAL = Duration.ofSeconds(1);

    @Inject
    LocalNode node;
    @Inject
    CatalogFeedStore store;
    @Inject
    CatalogApplier applier;
    @Inject
    CatalogCheckpoints checkpoints;
    @Inject
    ParentDialer parent;
    @Inject
    RevokedPeers revoked;

    private final Map<RegionCode, SyncSession> sessions = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    void start(@Observes @Priority(50) StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-catalog-feeds");
            t.setDaemon(true);
            return t;
        });
        // A sweep catches anything a wake-up missed (and retries after errors).
        timer.scheduleAtFixedRate(() -> sessions.values().forEach(SyncSession::pump),
                SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        parent.keepOpen("catalog", MAX_REDIAL, this::dialParent);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
        sessions.values().forEach(s -> s.close(Status.UNAVAILABLE.withDescription(node.region() + " is shutting down")));
    }

    void onChange(@Observes CatalogChanged change) {
        sessions.values().forEach(SyncSession::pump);
    }

    /** A revoked child's stream is cut: it neither feeds the child's changes in nor the catalog out. */
    void onRevocations(@Observes RevocationsChanged change) {
        revoked.cutChildren("catalog", sessions, SyncSession::child, SyncSession::close);
    }

    /** The server half, served to children on the tier-link server. */
    @Override
    public BindableService service() {
        return new CatalogSyncGrpc.CatalogSyncImplBase() {
            @Override
            public StreamObserver<SyncMessage> sync(StreamObserver<SyncMessage> out) {
                PeerIdentity peer = PeerAuthentication.PEER.get();
                return attach(new SyncSession(node.region(), peer.region(), peer, out, store, applier, checkpoints));
            }
        };
    }

    private void dialParent(ManagedChannel channel, Redial redial) {
        RegionCode parentRegion = node.settings().parentRegion().orElseThrow();
        SyncSession[] bound = new SyncSession[1];
        CatalogSyncGrpc.newStub(channel).sync(new ClientResponseObserver<SyncMessage, SyncMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SyncMessage> requests) {
                bound[0] = new SyncSession(node.region(), parentRegion, null, requests, store, applier, checkpoints);
            }

            @Override
            public void onNext(SyncMessage message) {
                redial.heard();
                bound[0].received(message);
            }

            @Override
            public void onError(Throwable t) {
                ended(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended(Status.UNAVAILABLE.withDescription("parent closed the catalog stream"));
            }

            private void ended(Status status) {
                bound[0].ended();
                sessions.remove(parentRegion, bound[0]);
                redial.ended(status.toString());
            }
        });
        // The call has started: only now may the session send.
        SyncSession previous = sessions.put(parentRegion, bound[0]);
        if (previous != null) {
            previous.ended();
        }
        bound[0].start();
    }

    private StreamObserver<SyncMessage> attach(SyncSession session) {
        SyncSession previous = sessions.put(session.peer(), session);
        if (previous != null) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer catalog stream"));
        }
        session.start();
        return new StreamObserver<>() {
            @Override
            public void onNext(SyncMessage message) {
                session.received(message);
            }

            @Override
            public void onError(Throwable t) {
                session.ended();
                sessions.remove(session.peer(), session);
            }

            @Override
            public void onCompleted() {
                session.close(Status.OK);
                sessions.remove(session.peer(), session);
            }
        };
    }
}
