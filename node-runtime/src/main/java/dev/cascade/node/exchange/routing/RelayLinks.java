package dev.cascade.node.exchange.routing;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.ParentDialer;
import dev.cascade.node.link.PeerAuthentication;
import dev.cascade.node.link.Redial;
import dev.cascade.node.link.RevocationsChanged;
import dev.cascade.node.link.RevokedPeers;
import dev.cascade.node.link.TierService;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ExchangeRelayGrpc;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The exchange relay stream of every tier link of this node: the one it dials to its parent and
 * those its children dial to it. Frames of all exchanges share a link's stream; gRPC's flow control
 * ({@link CallStreamObserver#isReady()}) paces the chunk senders, which resume when the link is
 * ready again.
 */
@Singleton
public class RelayLinks implements TierService {

    private static final Logger LOG = Logger.getLogger(RelayLinks.class);
    private static final Duration MAX_REDIAL = Duration.ofSeconds(1);

    /** What the exchange side does with a link's traffic. */
    public interface Listener {
        void received(RegionCode peer, ExchangeFrame frame);

        /** A (re)opened stream: re-send what the peer may have missed. */
        void linkUp(RegionCode peer);

        /** The stream can take more frames after pushing back. */
        void ready(RegionCode peer);
    }

    /** One open stream to a neighbour. */
    static final class Link {
        final RegionCode peer;
        /** The child's identity on a stream it opened; null on the stream this node dialled to its parent. */
        final PeerIdentity child;
        private final CallStreamObserver<ExchangeFrame> out;
        private volatile boolean open = true;

        Link(RegionCode peer, PeerIdentity child, CallStreamObserver<ExchangeFrame> out) {
            this.peer = peer;
            this.child = child;
            this.out = out;
        }

        synchronized boolean send(ExchangeFrame frame) {
            if (!open) {
                return false;
            }
            try {
                out.onNext(frame);
                return true;
            } catch (RuntimeException e) {
                open = false;
                return false;
            }
        }

        boolean ready() {
            return open && out.isReady();
        }

        synchronized void close(Status status) {
            if (open) {
                open = false;
                try {
                    if (status.isOk()) {
                        out.onCompleted();
                    } else {
                        out.onError(status.asRuntimeException());
                    }
                } catch (RuntimeException ignored) {
                    // already cancelled by the peer
                }
            }
        }
    }

    @Inject
    LocalNode node;
    @Inject
    ParentDialer parent;
    @Inject
    RevokedPeers revoked;

    private final Map<RegionCode, Link> links = new ConcurrentHashMap<>();
    private volatile Listener listener;

    void start(@Observes @Priority(55) StartupEvent start) {
        parent.keepOpen("exchange", MAX_REDIAL, this::dialParent);
    }

    void stop(@Observes ShutdownEvent stop) {
        links.values().forEach(l -> l.close(Status.UNAVAILABLE.withDescription(node.region() + " is shutting down")));
    }

    void listen(Listener l) {
        this.listener = l;
    }

    /** Sends a frame to a neighbour; false when there is no open stream to it now (the frame is re-sent on link-up). */
    public boolean send(RegionCode peer, ExchangeFrame frame) {
        Link link = links.get(peer);
        return link != null && link.send(frame);
    }

    public boolean ready(RegionCode peer) {
        Link link = links.get(peer);
        return link != null && link.ready();
    }

    public boolean connected(RegionCode peer) {
        return links.containsKey(peer);
    }

    /** Closes the stream to a neighbour (tests and revocation); it re-dials if it is the parent. */
    public void drop(RegionCode peer) {
        Link link = links.remove(peer);
        if (link != null) {
            link.close(Status.UNAVAILABLE.withDescription("link dropped by " + node.region()));
        }
    }

    /**
     * Cuts the stream of a child whose certificate (or an issuer's) a new list revokes. Admission
     * is checked when a stream opens, and an exchange stream lives for as long as the link does, so
     * without this a revoked child would keep sending and receiving exchange frames.
     */
    void onRevocations(@Observes RevocationsChanged change) {
        revoked.cutChildren("exchange", links, link -> link.child, Link::close);
    }

    /** The server half, served to children on the tier-link server. */
    @Override
    public BindableService service() {
        return new ExchangeRelayGrpc.ExchangeRelayImplBase() {
            @Override
            public StreamObserver<ExchangeFrame> relay(StreamObserver<ExchangeFrame> responses) {
                PeerIdentity peer = PeerAuthentication.PEER.get();
                ServerCallStreamObserver<ExchangeFrame> out = (ServerCallStreamObserver<ExchangeFrame>) responses;
                Link link = new Link(peer.region(), peer, out);
                out.setOnReadyHandler(() -> notifyReady(link));
                attach(link);
                return new StreamObserver<>() {
                    @Override
                    public void onNext(ExchangeFrame frame) {
                        deliver(link, frame);
                    }

                    @Override
                    public void onError(Throwable t) {
                        links.remove(link.peer, link);
                    }

                    @Override
                    public void onCompleted() {
                        links.remove(link.peer, link);
                        link.close(Status.OK);
                    }
                };
            }
        };
    }

    private void dialParent(ManagedChannel channel, Redial redial) {
        RegionCode parentRegion = node.settings().parentRegion().orElseThrow();
        Link[] bound = new Link[1];
        ExchangeRelayGrpc.newStub(channel).relay(new ClientResponseObserver<ExchangeFrame, ExchangeFrame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ExchangeFrame> requests) {
                bound[0] = new Link(parentRegion, null, requests);
                requests.setOnReadyHandler(() -> notifyReady(bound[0]));
            }

            @Override
            public void onNext(ExchangeFrame frame) {
                redial.heard();
                deliver(bound[0], frame);
            }

            @Override
            public void onError(Throwable t) {
                ended(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended(Status.UNAVAILABLE.withDescription("parent closed the exchange stream"));
            }

            private void ended(Status status) {
                links.remove(parentRegion, bound[0]);
                bound[0].close(status);
                redial.ended(status.toString());
            }
        });
        attach(bound[0]);
    }

    private void attach(Link link) {
        Link previous = links.put(link.peer, link);
        if (previous != null && previous != link) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer exchange stream"));
        }
        Optional.ofNullable(listener).ifPresent(l -> l.linkUp(link.peer));
    }

    private void deliver(Link link, ExchangeFrame frame) {
        Listener l = listener;
        if (l != null && links.get(link.peer) == link) {
            l.received(link.peer, frame);
        }
    }

    private void notifyReady(Link link) {
        Listener l = listener;
        if (l != null && link.ready()) {
            l.ready(link.peer);
        }
    }
}
