package dev.cascade.node.link;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.trust.PeerIdentity;
import dev.cascade.protocol.trust.PeerVerdict;
import dev.cascade.protocol.trust.RefusalReason;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Establishes who is calling from the verified TLS session — never from a request field — and
 * re-validates the peer chain on every call, so a revocation that arrived after the handshake
 * still stops the next call. For a service that serves children only, the caller must also be a
 * direct child this node certified ({@link ChildAdmission}). Every refusal is a ledger entry.
 */
public final class PeerAuthentication implements ServerInterceptor {

    public static final Context.Key<PeerIdentity> PEER = Context.key("cascade-peer");

    private final LocalNode node;
    private final EventLog events;
    private final TierService.Callers callers;

    PeerAuthentication(LocalNode node, EventLog events, TierService.Callers callers) {
        this.node = node;
        this.events = events;
        this.callers = callers;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (callers == TierService.Callers.ANYONE) {
            return next.startCall(call, headers);
        }
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            if (tls == null) {
                throw new SSLPeerUnverifiedException("no TLS session");
            }
            for (Certificate c : tls.getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException e) {
            return refuse(call, Status.UNAUTHENTICATED, "a client certificate is required for "
                    + call.getMethodDescriptor().getServiceName() + " (mutual TLS)", "unknown");
        }
        PeerVerdict verdict = node.validator().validate(chain);
        if (verdict instanceof PeerVerdict.Refused refused) {
            Status status = refused.reason() == RefusalReason.REVOKED ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
            return refuse(call, status, refused.reason().name().toLowerCase().replace('_', ' ') + ": " + refused.detail(),
                    chain.get(0).getSubjectX500Principal().getName());
        }
        PeerIdentity peer = ((PeerVerdict.Trusted) verdict).identity();
        if (callers == TierService.Callers.CHILDREN) {
            String refusal = ChildAdmission.refusalFor(node, peer);
            if (refusal != null) {
                return refuse(call, Status.PERMISSION_DENIED, refusal, peer.region().code());
            }
        }
        return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String why, String who) {
        events.appendDetached(EventType.LINK_REFUSED, node.region().code(), who, why);
        call.close(status.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
