package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGDONG;
import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The credentials and trust managers work in a real JSSE TLS 1.3 handshake, both directions authenticated. */
class MutualTlsTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void a_city_and_its_province_complete_a_mutual_tls_handshake() throws Exception {
        CascadeTrustManager serverTrust = CascadeTrustManager.of(h.validator(), refused -> { });
        CascadeTrustManager clientTrust = CascadeTrustManager.of(h.validator(), refused -> { })
                .expectingPeer(peer -> peer.region().equals(GUANGDONG), peer -> "not my parent: " + peer.region());
        try (SSLServerSocket server = serverSocket(h.province, serverTrust)) {
            CompletableFuture<String> clientSeenByServer = CompletableFuture.supplyAsync(() -> accept(server));
            try (SSLSocket client = (SSLSocket) context(h.city, clientTrust).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.startHandshake();
                assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(CertificateProfiles.regionOf(
                        (java.security.cert.X509Certificate) client.getSession().getPeerCertificates()[0])).contains(GUANGDONG);
                OutputStream out = client.getOutputStream();
                out.write(1);
                out.flush();
                assertThat(clientSeenByServer.get(10, TimeUnit.SECONDS)).isEqualTo(GUANGZHOU.code());
            }
        }
    }

    @Test
    void a_client_refuses_a_server_that_is_not_its_parent() throws Exception {
        CascadeTrustManager serverTrust = CascadeTrustManager.of(h.validator(), refused -> { });
        CascadeTrustManager clientTrust = CascadeTrustManager.of(h.validator(), refused -> { })
                .expectingPeer(peer -> peer.region().equals(GUANGDONG), peer -> "not my parent: " + peer.region());
        try (SSLServerSocket server = serverSocket(h.national, serverTrust)) {
            CompletableFuture.runAsync(() -> {
                try {
                    accept(server);
                } catch (RuntimeException expected) {
                    // the client aborts the handshake
                }
            });
            try (SSLSocket client = (SSLSocket) context(h.city, clientTrust).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                assertThatThrownBy(client::startHandshake).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("not my parent: 100000");
            }
        }
    }

    private static SSLServerSocket serverSocket(NodeCredentials node, TrustManager trust) throws Exception {
        SSLServerSocket server = (SSLServerSocket) context(node, trust).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return server;
    }

    private static String accept(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            in.read();
            Certificate leaf = socket.getSession().getPeerCertificates()[0];
            return CertificateProfiles.regionOf((java.security.cert.X509Certificate) leaf).orElseThrow().code();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SSLContext context(NodeCredentials node, TrustManager trust) throws Exception {
        char[] password = "unused".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", node.tlsKey(), password, node.tlsChain().toArray(Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {trust}, null);
        return context;
    }
}
