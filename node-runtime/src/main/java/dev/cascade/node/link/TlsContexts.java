package dev.cascade.node.link;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

import dev.cascade.protocol.trust.NodeCredentials;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * TLS settings of the tier link, in one place: TLS 1.3 only, the node's TLS leaf with its full
 * chain, and a Cascade trust manager deciding who is trusted. The JDK provider is used so the same
 * code runs in JVM and native mode without netty-tcnative.
 */
final class TlsContexts {

    /**
     * Socket buffers on the heap for the tier link. The JDK's TLS engine runs AES-GCM through its
     * CPU intrinsics only for array-backed buffers; with Netty's default direct buffers JDK 17 falls
     * back to a per-block Java GHASH, which made TLS the largest cost of relaying a delivery.
     */
    static final ByteBufAllocator HEAP_BUFFERS = new PooledByteBufAllocator(false);


    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private TlsContexts() {
    }

    /**
     * Client certificates are optional at the TLS layer because onboarding must be reachable
     * without one; every other service requires it ({@link PeerAuthentication}).
     */
    static SslContext server(NodeCredentials me, TrustManager trust) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(me.tlsKey(), tlsChain(me)), SslProvider.JDK)
                .trustManager(trust)
                .clientAuth(ClientAuth.OPTIONAL)
                .protocols(PROTOCOLS)
                .build();
    }

    static SslContext client(NodeCredentials me, TrustManager trust) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(me.tlsKey(), tlsChain(me))
                .trustManager(trust)
                .protocols(PROTOCOLS)
                .build();
    }

    /** A client with no certificate of its own: used by {@code join}, before it has one. */
    static SslContext anonymousClient(TrustManager trust) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(trust)
                .protocols(PROTOCOLS)
                .build();
    }

    private static X509Certificate[] tlsChain(NodeCredentials me) {
        List<X509Certificate> chain = me.tlsChain();
        return chain.toArray(X509Certificate[]::new);
    }
}
