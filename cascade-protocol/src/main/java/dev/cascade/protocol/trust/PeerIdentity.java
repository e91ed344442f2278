package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A peer that passed validation: the region its certificate proves.
 *
 * @param chain       leaf first, root last
 * @param fingerprint lower-case hex SHA-256 of the leaf's DER
 */
public record PeerIdentity(RegionCode region, X509Certificate leaf, List<X509Certificate> chain, String fingerprint) {

    public PeerIdentity {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(fingerprint, "fingerprint");
        chain = List.copyOf(chain);
    }

    public Tier tier() {
        return region.tier();
    }
}
