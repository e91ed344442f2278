package dev.cascade.protocol.trust;

import java.util.Objects;

/** The outcome of validating a peer's certificate chain. */
public sealed interface PeerVerdict permits PeerVerdict.Trusted, PeerVerdict.Refused {

    record Trusted(PeerIdentity identity) implements PeerVerdict {
        public Trusted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** @param detail one human-readable line naming the region and, where relevant, the date */
    record Refused(RefusalReason reason, String detail) implements PeerVerdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
