package dev.cascade.node.onboarding;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.google.protobuf.ByteString;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.TierService;
import dev.cascade.proto.tier.v1.JoinRequest;
import dev.cascade.proto.tier.v1.JoinResponse;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import dev.cascade.node.storage.ReactiveBridge;

/**
 * gRPC face of onboarding, served on the tier-link port to callers without a certificate (the join
 * token is their credential): maps join outcomes to status codes with their reason.
 */
@Singleton
public class OnboardingService implements TierService {

    @Inject
    ChildOnboarding onboarding;
    @Inject
    LocalNode node;

    @Override
    public BindableService service() {
        return new Endpoint();
    }

    @Override
    public Callers callers() {
        return Callers.ANYONE;
    }

    /** Not a bean itself: Quarkus would otherwise serve it on its own gRPC server too. */
    private final class Endpoint extends OnboardingGrpc.OnboardingImplBase {

        @Override
        public void join(JoinRequest request, StreamObserver<JoinResponse> out) {
            JoinOutcome outcome;
            try {
                outcome = ReactiveBridge.await(() -> onboarding.join(request.getToken(), request.getRegion(),
                        request.getCaCsr().toByteArray(), request.getTierEndpoint()));
            } catch (RuntimeException e) {
                out.onError(Status.INTERNAL.withDescription("join failed at " + node.region() + ": " + e.getMessage()).asRuntimeException());
                return;
            }
            if (outcome instanceof JoinOutcome.Refused r) {
                out.onError(statusFor(r.reason()).withDescription(r.detail()).asRuntimeException());
            } else if (outcome instanceof JoinOutcome.Joined j) {
                JoinResponse.Builder response = JoinResponse.newBuilder().setParentRegion(node.region().code());
                try {
                    for (X509Certificate c : j.caChain()) {
                        response.addCaChain(ByteString.copyFrom(c.getEncoded()));
                    }
                } catch (CertificateEncodingException e) {
                    out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
                    return;
                }
                out.onNext(response.build());
                out.onCompleted();
            }
        }
    }

    static Status statusFor(JoinOutcome.JoinRefusal reason) {
        return switch (reason) {
            case TOKEN_INVALID, TOKEN_ALREADY_USED, TOKEN_EXPIRED, TOKEN_FOR_ANOTHER_REGION -> Status.UNAUTHENTICATED;
            case REGION_MALFORMED, CSR_MALFORMED, CSR_BAD_SIGNATURE, CSR_REGION_MISMATCH, CSR_UNSUPPORTED_KEY -> Status.INVALID_ARGUMENT;
            case NOT_A_CHILD, ALREADY_JOINED -> Status.FAILED_PRECONDITION;
        };
    }
}
