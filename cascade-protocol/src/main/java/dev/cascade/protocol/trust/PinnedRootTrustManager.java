package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-side trust for the join call, made before the joining node holds any certificate: the
 * server is trusted only if its chain contains a self-signed root whose key matches the pin from the
 * join token, and the chain validates to that root under the full Cascade rules.
 *
 * <p>Revocation is not checked here (the joining node has no lists yet); the parent's answer is
 * re-validated by {@link CertificateAuthority#completeJoin}. As with {@link CascadeTrustManager}
 * there is no host name verification; use {@link #expectingServer} to require the parent's region,
 * so that another node of the same hierarchy cannot pose as the parent and collect the token.
 */
public final class PinnedRootTrustManager extends X509ExtendedTrustManager {

    private final String expectedPin;
    private final Clock clock;
    private final Optional<RegionCode> expectedServer;
    private final AtomicReference<X509Certificate> pinnedRoot = new AtomicReference<>();

    public PinnedRootTrustManager(String expectedPin, Clock clock) {
        this(expectedPin, clock, Optional.empty());
    }

    private PinnedRootTrustManager(String expectedPin, Clock clock, Optional<RegionCode> expectedServer) {
        this.expectedPin = Objects.requireNonNull(expectedPin, "expectedPin");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expectedServer = expectedServer;
    }

    /** A fresh copy that also requires the server to prove {@code region} (normally the parent). */
    public PinnedRootTrustManager expectingServer(RegionCode region) {
        return new PinnedRootTrustManager(expectedPin, clock, Optional.of(region));
    }

    /** The root that matched the pin, once a server chain has been trusted. */
    public Optional<X509Certificate> pinnedRoot() {
        return Optional.ofNullable(pinnedRoot.get());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate[] presented = chain == null ? new X509Certificate[0] : chain;
        Optional<X509Certificate> root = Arrays.stream(presented)
                .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && ChainRules.signedBy(c, c))
                .filter(c -> Fingerprints.pin(c).equals(expectedPin))
                .findFirst();
        if (root.isEmpty()) {
            throw CascadeTrustManager.asCertificateException(new PeerVerdict.Refused(RefusalReason.UNKNOWN_ROOT,
                    "server chain contains no root matching pin " + expectedPin));
        }
        PeerCertificateValidator validator = new PeerCertificateValidator(root.get(),
                new RevocationRegistry(root.get(), clock), clock);
        CascadeTrustManager delegate = CascadeTrustManager.of(validator, refused -> { });
        if (expectedServer.isPresent()) {
            RegionCode expected = expectedServer.get();
            delegate = delegate.expectingPeer(peer -> peer.region().equals(expected),
                    peer -> "server proves region " + peer.region() + ", expected " + expected);
        }
        delegate.checkServerTrusted(presented, authType);
        pinnedRoot.set(root.get());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the pinned-root trust manager only authenticates servers (join calls)");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
