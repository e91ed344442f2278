package dev.cascade.node.link;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.Status;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Which peers the revocations in force revoke, and cutting the streams children opened to a tier
 * service once a new list revokes their certificate (or an issuer's). Admission
 * ({@link PeerAuthentication}) runs when a stream opens, and a stream lives as long as its link, so
 * without this a revoked child would keep sending and receiving on it. The tier link itself and
 * every service that keeps children's streams open (exchange relay, catalog sync) ask here from
 * their observer of {@link RevocationsChanged}; unary calls (anchoring) need nothing, each call is
 * admitted afresh.
 */
@Singleton
public class RevokedPeers {

    private static final Logger LOG = Logger.getLogger(RevokedPeers.class);

    @Inject
    LocalNode node;

    /** Whether the revocations in force revoke this peer's certificate or one of its issuers. */
    public boolean revoked(PeerIdentity peer) {
        return node.revocations().revokesAnyOf(peer.chain(), node.credentials().root());
    }

    /**
     * Removes and closes every stream whose child is revoked now.
     *
     * @param service    what the streams carry, for the log ("exchange", "catalog")
     * @param admittedAs the identity a stream's child was admitted under; null for the stream to the parent
     */
    public <S> void cutChildren(String service, Map<RegionCode, S> streams, Function<S, PeerIdentity> admittedAs,
                        BiConsumer<S, Status> close) {
        streams.forEach((peer, stream) -> {
            PeerIdentity child = admittedAs.apply(stream);
            if (child != null && revoked(child) && streams.remove(peer, stream)) {
                close.accept(stream, Status.PERMISSION_DENIED.withDescription("certificate of " + peer + " has been revoked"));
                LOG.infof("%s stream of %s cut: its certificate has been revoked", service, peer);
            }
        });
    }
}
