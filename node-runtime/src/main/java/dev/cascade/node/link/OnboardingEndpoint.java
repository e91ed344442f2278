package dev.cascade.node.link;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import com.google.protobuf.ByteString;

import dev.cascade.node.onboarding.ChildOnboarding;
import dev.cascade.node.onboarding.JoinOutcome;
import dev.cascade.proto.tier.v1.JoinRequest;
import dev.cascade.proto.tier.v1.JoinResponse;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import dev.cascade.protocol.region.RegionCode;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import dev.cascade.node.storage.ReactiveBridge;

/** gRPC face of onboarding: maps join outcomes to status codes with their reason. */
final class OnboardingEndpoint extends OnboardingGrpc.OnboardingImplBase {

    private final ChildOnboarding onboarding;
    private final RegionCode self;

    OnboardingEndpoint(ChildOnboarding onboarding, RegionCode self) {
        this.onboarding = onboarding;
        this.self = self;
    }

    @Override
    public void join(JoinRequest request, StreamObserver<JoinResponse> out) {
        JoinOutcome outcome;
        try {
            outcome = ReactiveBridge.await(() -> onboarding.join(request.getToken(), request.getRegion(),
                    request.getCaCsr().toByteArray(), request.getTierEndpoint()));
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription("join failed at " + self + ": " + e.getMessage()).asRuntimeException());
            return;
        }
        if (outcome instanceof JoinOutcome.Refused r) {
            out.onError(statusFor(r.reason()).withDescription(r.detail()).asRuntimeException());
        } else if (outcome instanceof JoinOutcome.Joined j) {
            {
                JoinResponse.Builder response = JoinResponse.newBuilder().setParentRegion(self.code());
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
