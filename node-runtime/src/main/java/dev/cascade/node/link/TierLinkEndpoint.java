package dev.cascade.node.link;

import dev.cascade.node.events.EventLog;
import dev.cascade.node.events.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.TierLinkGrpc;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** Parent side of the tier link: accepts a stream from a direct child this node certified. */
final class TierLinkEndpoint extends TierLinkGrpc.TierLinkImplBase {

    private final LocalNode node;
    private final LinkHub hub;
    private final EventLog events;

    TierLinkEndpoint(LocalNode node, LinkHub hub, EventLog events) {
        this.node = node;
        this.hub = hub;
        this.events = events;
    }

    @Override
    public StreamObserver<LinkMessage> link(StreamObserver<LinkMessage> out) {
        PeerIdentity peer = PeerAuthentication.PEER.get();
        String refusal = refusalFor(peer);
        if (refusal != null) {
            events.appendDetached(EventType.LINK_REFUSED, node.region().code(), peer.region().code(), refusal);
            out.onError(Status.PERMISSION_DENIED.withDescription(refusal).asRuntimeException());
            return new StreamObserver<>() {
                public void onNext(LinkMessage m) {
                }

                public void onError(Throwable t) {
                }

                public void onCompleted() {
                }
            };
        }
        LinkSession session = hub.openChild(peer, out);
        return new StreamObserver<>() {
            @Override
            public void onNext(LinkMessage message) {
                hub.received(session, message);
            }

            @Override
            public void onError(Throwable t) {
                hub.ended(session, Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                session.close(Status.OK);
                hub.ended(session, Status.OK.withDescription("closed by " + session.region()));
            }
        };
    }

    /** Tier links join adjacent tiers only, and only a child that this node itself certified. */
    private String refusalFor(PeerIdentity peer) {
        if (!node.region().isParentOf(peer.region())) {
            return peer.region() + " (" + peer.tier().name().toLowerCase() + ") may not link to " + node.region()
                    + ": tier links join a node and its direct parent only"
                    + peer.region().parent().map(p -> "; the parent of " + peer.region() + " is " + p).orElse("");
        }
        if (peer.chain().size() < 2 || !issuedByMe(peer.chain().get(1))) {
            return "the certificate of " + peer.region() + " was not issued by the CA of " + node.region();
        }
        return null;
    }

    private boolean issuedByMe(java.security.cert.X509Certificate childCa) {
        try {
            childCa.verify(node.credentials().caCertificate().getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
