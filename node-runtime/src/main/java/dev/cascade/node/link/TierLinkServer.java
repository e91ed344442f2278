package dev.cascade.node.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.identity.LocalNode;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The tier-link gRPC server, on its own port with mutual TLS: the tier link itself and every
 * {@link TierService} the node has, each behind {@link PeerAuthentication} for its callers. It runs on
 * grpc-java's Netty transport under our control rather than as a Quarkus-managed gRPC server,
 * because the link needs a revocation-aware trust manager and the peer's TLS session on each call
 * (see docs/decisions/0002-tier-link-transport.md).
 */
@Singleton
public class TierLinkServer {

    private static final Logger LOG = Logger.getLogger(TierLinkServer.class);

    @Inject
    LocalNode node;
    @Inject
    LinkHub hub;
    @Inject
    EventLog events;
    @Inject
    @All
    List<TierService> services;

    private Server server;

    void start(@Observes @Priority(30) StartupEvent start) {
        String self = node.region().code();
        DeferredClientTrust trust = new DeferredClientTrust(node.credentials().root());
        var endpoint = node.settings().tierEndpoint();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(endpoint.host(), endpoint.port()))
                .addService(ServerInterceptors.intercept(new TierLinkEndpoint(hub),
                        new PeerAuthentication(node, events, TierService.Callers.CHILDREN)));
        for (TierService service : services) {
            builder.addService(ServerInterceptors.intercept(service.service(),
                    new PeerAuthentication(node, events, service.callers())));
        }
        try {
            server = builder
                    .sslContext(TlsContexts.server(node.credentials(), trust))
                    .withChildOption(ChannelOption.ALLOCATOR, TlsContexts.HEAP_BUFFERS)
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .maxInboundMessageSize(4 * 1024 * 1024)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("tier link cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
        LOG.infof("tier link of %s listening on %s (mutual TLS)", self, endpoint);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (server != null) {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        }
    }
}
