package dev.cascade.node.link;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.config.Endpoint;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.TierLinkGrpc;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CascadeTrustManager;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Child side of the tier links: holds the one mutual-TLS channel to the parent, on which the server
 * must prove it is this node's parent region, and keeps every upward stream open on it: the tier
 * link's own (heartbeats, revocations, policy lineages) and those of the tier services
 * ({@link #keepOpen}), each re-dialled by one shared {@link Redial} schedule.
 */
@Singleton
public class ParentDialer {

    @Inject
    LocalNode node;
    @Inject
    LinkHub hub;
    @Inject
    CascadeConfig config;
    @Inject
    EventLog events;

    private ManagedChannel channel;
    private ScheduledExecutorService redial;
    private final AtomicReference<PeerIdentity> verifiedParent = new AtomicReference<>();
    private volatile boolean stopping;

    void start(@Observes @Priority(40) StartupEvent start) throws SSLException {
        if (node.settings().parentRegion().isEmpty()) {
            return;
        }
        RegionCode parentRegion = node.settings().parentRegion().get();
        Endpoint endpoint = node.settings().parentEndpoint().orElseThrow();
        String self = node.region().code();
        CascadeTrustManager trust = CascadeTrustManager.of(node.validator(),
                        refused -> events.appendDetached(EventType.LINK_REFUSED, self, parentRegion.code(),
                                "parent certificate refused: " + refused.reason() + ": " + refused.detail()))
                .expectingPeer(peer -> {
                    boolean isParent = peer.region().equals(parentRegion);
                    if (isParent) {
                        verifiedParent.set(peer);
                    }
                    return isParent;
                }, peer -> "server at " + endpoint + " is " + peer.region() + ", not this node's parent " + parentRegion);
        channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .withOption(ChannelOption.ALLOCATOR, TlsContexts.HEAP_BUFFERS)
                .sslContext(TlsContexts.client(node.credentials(), trust))
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
        redial = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-parent-dialer");
            t.setDaemon(true);
            return t;
        });
        keepOpen("tier link", config.link().maxRedialDelay(), this::dial);
    }

    /**
     * Keeps a tier service's stream open to the parent: {@code opener} runs now and again after
     * every {@link Redial#ended}. Does nothing at the national node, which has no parent.
     */
    public void keepOpen(String stream, Duration maxDelay, Redial.Opener opener) {
        if (channel == null) {
            return;
        }
        Redial r = new Redial(stream, maxDelay, opener, channel, redial, () -> stopping);
        redial.execute(r::open);
    }

    private void dial(ManagedChannel parentChannel, Redial redial) {
        RegionCode parentRegion = node.settings().parentRegion().orElseThrow();
        TierLinkGrpc.newStub(parentChannel).link(new ClientResponseObserver<LinkMessage, LinkMessage>() {
            private LinkSession session;
            private ClientCallStreamObserver<LinkMessage> requests;

            @Override
            public void beforeStart(ClientCallStreamObserver<LinkMessage> requestStream) {
                requests = requestStream;
            }

            @Override
            public void onNext(LinkMessage message) {
                if (session == null) {
                    // The first message proves the stream passed the parent's checks.
                    PeerIdentity parent = verifiedParent.get();
                    if (parent == null) {
                        requests.cancel("parent identity unknown", null);
                        return;
                    }
                    session = hub.openParent(parent, requests);
                    redial.heard();
                }
                hub.received(session, message);
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                if (session != null) {
                    hub.ended(session, status);
                } else {
                    hub.parentUnreachable(parentRegion, LinkHub.describe(status));
                }
                redial.ended(LinkHub.describe(status));
            }

            @Override
            public void onCompleted() {
                if (session != null) {
                    session.close(Status.OK);
                    hub.ended(session, Status.UNAVAILABLE.withDescription("parent closed the link"));
                }
                redial.ended("parent closed the link");
            }
        });
    }

    /** The mutual-TLS channel to the parent, for unary tier calls (empty at the national node). */
    public Optional<ManagedChannel> channel() {
        return Optional.ofNullable(channel);
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (redial != null) {
            redial.shutdownNow();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
