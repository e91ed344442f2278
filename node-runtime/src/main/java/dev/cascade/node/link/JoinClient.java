package dev.cascade.node.link;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.google.protobuf.ByteString;

import dev.cascade.node.config.Endpoint;
import dev.cascade.proto.tier.v1.JoinRequest;
import dev.cascade.proto.tier.v1.JoinResponse;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PinnedRootTrustManager;
import dev.cascade.protocol.trust.DerChain;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The child's half of onboarding, used by {@code cascade-node join}: one call over
 * server-authenticated TLS, where the server must chain to the root pinned in the join token.
 */
public final class JoinClient {

    public record Answer(RegionCode parentRegion, List<X509Certificate> caChain) {
    }

    private JoinClient() {
    }

    /** @throws StatusRuntimeException with the parent's reason when it refuses */
    public static Answer join(Endpoint parent, String token, String rootPin, RegionCode region, byte[] csrDer,
                              Endpoint myTierEndpoint) throws SSLException {
        // The server must chain to the pinned root and be the parent region of the joining node.
        PinnedRootTrustManager trust = new PinnedRootTrustManager(rootPin, Clock.systemUTC())
                .expectingServer(region.parent().orElseThrow(() -> new IllegalArgumentException(
                        "the national node has no parent to join")));
        ManagedChannel channel = NettyChannelBuilder.forAddress(parent.host(), parent.port())
                .sslContext(TlsContexts.anonymousClient(trust))
                .build();
        try {
            JoinResponse response = OnboardingGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .join(JoinRequest.newBuilder()
                            .setToken(token)
                            .setRegion(region.code())
                            .setCaCsr(ByteString.copyFrom(csrDer))
                            .setTierEndpoint(myTierEndpoint.toString())
                            .build());
            List<X509Certificate> chain = DerChain.decode(DerChain.join(
                    response.getCaChainList().stream().map(ByteString::toByteArray).toList()));
            return new Answer(RegionCode.parse(response.getParentRegion()), chain);
        } finally {
            channel.shutdownNow();
        }
    }
}
