package dev.cascade.node.link;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server-side trust for the tier link: the TLS handshake only collects the client's chain (and
 * JSSE still checks the client holds its key, via CertificateVerify); {@link PeerAuthentication}
 * judges the chain on every call before anything is served.
 *
 * <p>Why not refuse in the handshake: JSSE answers every rejected client certificate in TLS 1.3
 * with the same {@code certificate_unknown} alert, so a refused node could never learn whether it
 * was expired, revoked, from another root or outside its region. Judged per call, the refusal is
 * a gRPC status with that reason, and it is also re-checked for revocations that arrive while a
 * connection stays open.
 */
final class DeferredClientTrust extends X509ExtendedTrustManager {

    private final X509Certificate root;

    DeferredClientTrust(X509Certificate root) {
        this.root = root;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
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
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the tier-link server never acts as a TLS client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Tells clients which root to pick a certificate for. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {root};
    }
}
