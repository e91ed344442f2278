package dev.cascade.node.link;

import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.TierLinkGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** Parent side of the tier link: accepts a stream from a direct child (admitted by {@link PeerAuthentication}). */
final class TierLinkEndpoint extends TierLinkGrpc.TierLinkImplBase {

    private final LinkHub hub;

    TierLinkEndpoint(LinkHub hub) {
        this.hub = hub;
    }

    @Override
    public StreamObserver<LinkMessage> link(StreamObserver<LinkMessage> out) {
        LinkSession session = hub.openChild(PeerAuthentication.PEER.get(), out);
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
