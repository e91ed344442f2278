package dev.cascade.protocol.region;

import java.util.Optional;

/** The three administrative tiers a Cascade node can serve. */
public enum Tier {
    NATIONAL,
    PROVINCIAL,
    MUNICIPAL;

    /** The tier of this tier's direct children; municipal nodes have none. */
    public Optional<Tier> childTier() {
        return switch (this) {
            case NATIONAL -> Optional.of(PROVINCIAL);
            case PROVINCIAL -> Optional.of(MUNICIPAL);
            case MUNICIPAL -> Optional.empty();
        };
    }
}
