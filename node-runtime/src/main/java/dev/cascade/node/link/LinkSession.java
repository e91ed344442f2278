package dev.cascade.node.link;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.PeerStatus;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;

/**
 * One live tier-link stream with a verified peer. gRPC stream observers are not thread safe, so
 * every outbound message goes through {@link #send}.
 */
final class LinkSession {

    private final PeerIdentity peer;
    private final LinkRole role;
    private final StreamObserver<LinkMessage> out;
    private final Instant openedAt;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant lastHeartbeat;
    private volatile List<PeerStatus> reportedChildren = List.of();
    private volatile String peerRevocationDigest = "";
    private String policiesOffered = "";
    private Instant policiesOfferedAt = Instant.EPOCH;

    LinkSession(PeerIdentity peer, LinkRole role, StreamObserver<LinkMessage> out, Instant openedAt) {
        this.peer = peer;
        this.role = role;
        this.out = out;
        this.openedAt = openedAt;
        this.lastHeartbeat = openedAt;
    }

    PeerIdentity peer() {
        return peer;
    }

    RegionCode region() {
        return peer.region();
    }

    LinkRole role() {
        return role;
    }

    Instant openedAt() {
        return openedAt;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    List<PeerStatus> reportedChildren() {
        return reportedChildren;
    }

    String peerRevocationDigest() {
        return peerRevocationDigest;
    }

    void heard(Instant at, List<PeerStatus> children, String revocationDigest) {
        lastHeartbeat = at;
        reportedChildren = List.copyOf(children);
        peerRevocationDigest = revocationDigest;
    }

    /**
     * Whether to send the lineage with digest {@code digest} now: always when it is not the one last
     * sent on this stream, otherwise at most once per {@code every}. A child's heartbeat may still
     * name its old digest just after a lineage went out, and a child that refuses a lineage keeps
     * naming it; neither should make the parent send it with every heartbeat.
     */
    synchronized boolean policiesDue(String digest, Instant now, Duration every) {
        if (digest.equals(policiesOffered) && now.isBefore(policiesOfferedAt.plus(every))) {
            return false;
        }
        policiesOffered = digest;
        policiesOfferedAt = now;
        return true;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Sends one message; false when the stream is closed or broke under us. */
    synchronized boolean send(LinkMessage message) {
        if (closed.get()) {
            return false;
        }
        try {
            out.onNext(message);
            return true;
        } catch (RuntimeException e) {
            closed.set(true);
            return false;
        }
    }

    /** Ends the stream with a status; harmless if it already ended. */
    synchronized void close(Status status) {
        if (closed.compareAndSet(false, true)) {
            try {
                if (status.isOk()) {
                    out.onCompleted();
                } else {
                    out.onError(status.asRuntimeException());
                }
            } catch (RuntimeException ignored) {
                // The transport is already gone; nothing left to tell the peer.
            }
        }
    }

    /** Marks the stream ended by the peer or the transport. */
    void ended() {
        closed.set(true);
    }
}
