package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.security.KeyPair;
import java.util.Objects;
import java.util.Arrays;

/**
 * A join in progress: the CA key generated locally and the CSR sent to the parent. The private key
 * never leaves the node; it is kept (see {@link NodeKeyStore#savePending}) until the answer arrives.
 */
public record PendingJoin(RegionCode region, KeyPair caKeyPair, byte[] csrDer) {

    public PendingJoin {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(caKeyPair, "caKeyPair");
        csrDer = Objects.requireNonNull(csrDer, "csrDer").clone();
    }

    @Override
    public byte[] csrDer() {
        return csrDer.clone();
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "PendingJoin[region=" + region + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingJoin that && region.equals(that.region)
                && caKeyPair.getPublic().equals(that.caKeyPair.getPublic())
                && Arrays.equals(csrDer, that.csrDer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, caKeyPair.getPublic(), Arrays.hashCode(csrDer));
    }
}
