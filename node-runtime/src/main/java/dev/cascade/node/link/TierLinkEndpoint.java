package dev.cascade.node.link;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
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
        String refusal = ChildAdmission.refusalFor(node, peer);
        if (refusal != null) {
            events.appendDetached(EventType.LINK_REFUSED, node.region().code(), peer.region().code(), refusal);
            out.onError(Status.PERMISSION_DENIED.withDescription(refusal).asRuntimeException());
            return new Discarding<>();
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
}
