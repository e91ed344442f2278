package dev.cascade.node.link;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Child side of the tier link: keeps one mutual-TLS stream open to the parent, re-dialling with
 * a capped backoff whenever it drops. The server must prove it is this node's parent region.
 */
@Singleton
public class ParentDialer {

    private static final Logger LOG = Logger.getLogger(ParentDialer.class);

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
    private volatile Duration backoff = Duration.ofMillis(250);

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
                .withOption(io.netty.channel.ChannelOption.ALLOCATOR, TlsContexts.HEAP_BUFFERS)
                .sslContext(TlsContexts.client(node.credentials(), trust))
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
        redial = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-parent-dialer");
            t.setDaemon(true);
            return t;
        });
        redial.execute(this::dial);
    }

    private void dial() {
        if (stopping) {
            return;
        }
        RegionCode parentRegion = node.settings().parentRegion().orElseThrow();
        // gRPC's own reconnect backoff grows to two minutes while the parent is away; our re-dial
        // schedule (capped at a few seconds) decides instead, so a returning parent is found at once.
        channel.resetConnectBackoff();
        TierLinkGrpc.newStub(channel).link(new ClientResponseObserver<LinkMessage, LinkMessage>() {
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
                    backoff = Duration.ofMillis(250);
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
                scheduleRedial(LinkHub.describe(status));
            }

            @Override
            public void onCompleted() {
                if (session != null) {
                    session.close(Status.OK);
                    hub.ended(session, Status.UNAVAILABLE.withDescription("parent closed the link"));
                }
                scheduleRedial("parent closed the link");
            }
        });
    }

    private void scheduleRedial(String why) {
        if (stopping) {
            return;
        }
        Duration wait = backoff;
        Duration max = config.link().maxRedialDelay();
        backoff = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
        LOG.debugf("parent link: %s; re-dialling in %d ms", why, wait.toMillis());
        redial.schedule(this::dial, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The mutual-TLS channel to the parent, for other tier services (empty at the national node). */
    public java.util.Optional<ManagedChannel> channel() {
        return java.util.Optional.ofNullable(channel);
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
