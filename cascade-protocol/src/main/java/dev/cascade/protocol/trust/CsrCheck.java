package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.security.PublicKey;
import java.util.Objects;

/** The outcome of a parent inspecting a child's CSR. */
public sealed interface CsrCheck permits CsrCheck.Accepted, CsrCheck.Refused {

    /** The key to certify and the region it may be certified for. */
    record Accepted(PublicKey publicKey, RegionCode region) implements CsrCheck {
        public Accepted {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(region, "region");
        }
    }

    /** @param detail one human-readable line */
    record Refused(CsrProblem problem, String detail) implements CsrCheck {
        public Refused {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
