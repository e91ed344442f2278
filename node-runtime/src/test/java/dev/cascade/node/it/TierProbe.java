package dev.cascade.node.it;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import dev.cascade.proto.catalog.v1.CatalogSyncGrpc;
import dev.cascade.proto.catalog.v1.SyncMessage;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ExchangeRelayGrpc;
import dev.cascade.proto.ledger.v1.AnchorRequest;
import dev.cascade.proto.ledger.v1.LedgerAnchoringGrpc;
import dev.cascade.proto.tier.v1.JoinRequest;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import dev.cascade.proto.tier.v1.TierLinkGrpc;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PinnedRootTrustManager;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A hand-made tier-link client for refusal tests: it presents whatever certificate the test gives
 * it and trusts any server, because what is under test is the server's judgement of the client.
 */
final class TierProbe {

    /** How a link attempt ended: linked (a heartbeat arrived) or refused with a status and its causes. */
    record Outcome(boolean linked, Status.Code code, String reason) {
        @Override
        public String toString() {
            return linked ? "linked" : code + ": " + reason;
        }
    }

    private TierProbe() {
    }

    static Outcome link(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        ManagedChannel channel = channel(endpoint, key, chain);
        try {
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            StreamObserver<LinkMessage> requests = TierLinkGrpc.newStub(channel).link(new StreamObserver<>() {
                public void onNext(LinkMessage m) {
                    done.complete(new Outcome(true, Status.Code.OK, "heartbeat received"));
                }

                public void onError(Throwable t) {
                    Status s = Status.fromThrowable(t);
                    done.complete(new Outcome(false, s.getCode(), reasonOf(t)));
                }

                public void onCompleted() {
                    done.complete(new Outcome(false, Status.Code.OK, "closed without a heartbeat"));
                }
            });
            Outcome outcome = done.get(20, TimeUnit.SECONDS);
            requests.onCompleted();
            return outcome;
        } catch (Exception e) {
            throw new AssertionError("link attempt to " + endpoint + " did not settle: " + e, e);
        } finally {
            channel.shutdownNow();
        }
    }

    static Status join(String endpoint, String rootPin, String token, RegionCode region, byte[] csr) {
        try {
            var trust = new PinnedRootTrustManager(rootPin, Clock.systemUTC());
            ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint)
                    .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK).trustManager(trust).build())
                    .build();
            try {
                OnboardingGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).join(JoinRequest.newBuilder()
                        .setToken(token).setRegion(region.code()).setCaCsr(ByteString.copyFrom(csr)).build());
                return Status.OK;
            } finally {
                channel.shutdownNow();
            }
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A stream a probe holds open as a child would, until the server ends it. */
    static final class Held implements AutoCloseable {
        private final ManagedChannel channel;
        private final CompletableFuture<Outcome> ended = new CompletableFuture<>();

        private Held(ManagedChannel channel) {
            this.channel = channel;
        }

        <T> StreamObserver<T> observer() {
            return new StreamObserver<>() {
                public void onNext(T message) {
                }

                public void onError(Throwable t) {
                    ended.complete(new Outcome(false, Status.fromThrowable(t).getCode(), reasonOf(t)));
                }

                public void onCompleted() {
                    ended.complete(new Outcome(false, Status.Code.OK, "closed by the server"));
                }
            };
        }

        boolean open() {
            return !ended.isDone();
        }

        /** How the server ended the stream, waiting at most {@code seconds}. */
        Outcome ending(long seconds) {
            try {
                return ended.get(seconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the stream was not ended within " + seconds + " s", e);
            }
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }

    /** Opens a catalog sync stream, as the child whose TLS key and chain are given. */
    static Held holdCatalogSync(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        Held held = new Held(channel(endpoint, key, chain));
        CatalogSyncGrpc.newStub(held.channel).sync(held.<SyncMessage>observer());
        return held;
    }

    /** Opens an exchange relay stream, as the child whose TLS key and chain are given. */
    static Held holdExchangeRelay(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        Held held = new Held(channel(endpoint, key, chain));
        ExchangeRelayGrpc.newStub(held.channel).relay(held.<ExchangeFrame>observer());
        return held;
    }

    /** One anchoring call with an empty request: what matters is whether the caller is admitted. */
    static Status anchor(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        ManagedChannel channel = channel(endpoint, key, chain);
        try {
            LedgerAnchoringGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .anchor(AnchorRequest.getDefaultInstance());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    static ManagedChannel channelFor(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        return channel(endpoint, key, chain);
    }

    private static ManagedChannel channel(String endpoint, PrivateKey key, List<X509Certificate> chain) {
        try {
            SslContextBuilder tls = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols("TLSv1.3");
            if (key != null) {
                tls.keyManager(key, chain.toArray(X509Certificate[]::new));
            }
            return NettyChannelBuilder.forTarget(endpoint).sslContext(tls.build()).build();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String reasonOf(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                out.append(out.length() == 0 ? "" : " <- ").append(c.getMessage());
            }
        }
        return out.toString();
    }
}
