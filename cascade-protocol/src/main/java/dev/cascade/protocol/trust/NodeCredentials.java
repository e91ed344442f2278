package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.ArrayList;

/**
 * Everything a node holds to prove who it is and to certify its children.
 *
 * @param caChain  the node's CA certificate first, the root last; for the national node just
 *                 {@code [root]}, because the national CA is the root
 * @param tlsChain the TLS leaf first, the root last
 */
public record NodeCredentials(
        RegionCode region,
        X509Certificate root,
        List<X509Certificate> caChain,
        PrivateKey caKey,
        List<X509Certificate> tlsChain,
        PrivateKey tlsKey,
        X509Certificate appCertificate,
        PrivateKey appKey,
        KeySuite suite) {

    public NodeCredentials {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(tlsKey, "tlsKey");
        Objects.requireNonNull(appCertificate, "appCertificate");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(suite, "suite");
        caChain = List.copyOf(caChain);
        tlsChain = List.copyOf(tlsChain);
        if (caChain.isEmpty() || !caChain.get(caChain.size() - 1).equals(root)) {
            throw new IllegalArgumentException("CA chain of " + region + " must end with the root");
        }
        if (tlsChain.isEmpty() || !tlsChain.get(tlsChain.size() - 1).equals(root)) {
            throw new IllegalArgumentException("TLS chain of " + region + " must end with the root");
        }
    }

    /** The application certificate, then the CA chain up to the root: what the node's signed messages carry. */
    public List<X509Certificate> appChain() {
        List<X509Certificate> chain = new ArrayList<>(caChain.size() + 1);
        chain.add(appCertificate);
        chain.addAll(caChain);
        return List.copyOf(chain);
    }

    public X509Certificate caCertificate() {
        return caChain.get(0);
    }

    public X509Certificate tlsCertificate() {
        return tlsChain.get(0);
    }

    public Tier tier() {
        return region.tier();
    }

    /** When the first certificate this node depends on runs out; the node must renew before. */
    public Instant earliestExpiry() {
        return Stream.of(caChain.stream(), tlsChain.stream(), Stream.of(appCertificate))
                .flatMap(s -> s)
                .map(c -> c.getNotAfter().toInstant())
                .min(Instant::compareTo)
                .orElseThrow();
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "NodeCredentials[region=" + region + ", suite=" + suite
                + ", tls=" + Fingerprints.sha256Hex(tlsCertificate()) + "]";
    }
}
