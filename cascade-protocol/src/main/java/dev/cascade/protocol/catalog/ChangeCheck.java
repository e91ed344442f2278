package dev.cascade.protocol.catalog;

import dev.cascade.protocol.region.RegionCode;
import java.util.Objects;

/** Whether a relayed catalog change really comes from the origin it names. */
public sealed interface ChangeCheck permits ChangeCheck.Authentic, ChangeCheck.Forged {

    record Authentic(RegionCode origin) implements ChangeCheck {
        public Authentic {
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** @param reason one line for the alert and the refusing ack */
    record Forged(String reason) implements ChangeCheck {
        public Forged {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
