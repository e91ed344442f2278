package dev.cascade.node.link;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import dev.cascade.protocol.trust.PeerCertificateValidator;
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
 * still stops the next call.
 */
public final class PeerAuthentication implements ServerInterceptor {

    public static final Context.Key<PeerIdentity> PEER = Context.key("cascade-peer");

    private final PeerCertificateValidator validator;
    private final EventLog events;
    private final String self;

    PeerAuthentication(PeerCertificateValidator validator, EventLog events, String self) {
        this.validator = validator;
        this.events = events;
        this.self = self;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (OnboardingGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
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
        PeerVerdict verdict = validator.validate(chain);
        if (verdict instanceof PeerVerdict.Refused refused) {
            Status status = refused.reason() == RefusalReason.REVOKED ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
            return refuse(call, status, refused.reason().name().toLowerCase().replace('_', ' ') + ": " + refused.detail(),
                    chain.get(0).getSubjectX500Principal().getName());
        }
        PeerIdentity peer = ((PeerVerdict.Trusted) verdict).identity();
        return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String why, String who) {
        events.appendDetached(EventType.LINK_REFUSED, self, who, why);
        call.close(status.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
