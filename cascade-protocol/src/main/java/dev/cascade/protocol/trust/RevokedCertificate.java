package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry to put on a revocation list. The CRL itself carries only serial and date; the region is
 * for the caller's own records (which node was stopped).
 */
public record RevokedCertificate(BigInteger serial, RegionCode region, Instant revokedAt) {
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("certificate serial must be positive, got " + serial);
        }
    }
}
