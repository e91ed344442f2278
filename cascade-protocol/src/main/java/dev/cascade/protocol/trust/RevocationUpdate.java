package dev.cascade.protocol.trust;

import java.util.Objects;

/** The outcome of offering a revocation list to a {@link RevocationRegistry}. */
public sealed interface RevocationUpdate permits RevocationUpdate.Accepted, RevocationUpdate.Rejected {

    /** @param newer false when the registry already held this issuer's list with an equal or higher number */
    record Accepted(boolean newer) implements RevocationUpdate {
    }

    record Rejected(String reason) implements RevocationUpdate {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
