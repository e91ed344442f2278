package dev.cascade.policy.inherit;

import java.util.Objects;

/**
 * Why a pack cannot take effect under its ancestors.
 *
 * @param packId the pack refused
 * @param item   what in it, as a path: {@code rules.open-data}, {@code sensitive-types.mobile.mask},
 *               {@code masking-profiles.cross-province.by-type.citizen-id}, {@code defaults.row-limit}
 * @param why    one sentence naming the ancestor's value where there is one
 */
public record PackRefusal(Kind kind, String packId, String item, String why) {

    public PackRefusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(why, "why");
    }

    public enum Kind {
        /** The pack does not sit where it is placed: wrong {@code extends}, issuer not below its parent's. */
        CHAIN_MISMATCH,
        /** Levels added, dropped or reordered; they are the catalog's and fixed. */
        LEVEL_SCHEME_CHANGED,
        /** A category's or sensitive type's minimum level set below the ancestor's. */
        LEVEL_LOWERED,
        /** A mask that reveals more than the ancestor's: type default, profile entry, default profile. */
        MASK_WEAKENED,
        /** A default that lets more through: a weaker effect, a higher row limit, a longer validity. */
        SHARING_BROADENED,
        /** An ancestor's rule id reused, an alias moved to another type, a personal type made non-personal. */
        REDEFINED,
        /** A masking profile or sensitive type that no pack of the chain defines. */
        UNKNOWN_REFERENCE,
        /**
         * A risk alert threshold that would alert later, on more, or less seriously than the
         * ancestor's: a higher spike factor, more denials, wider working hours, fewer warning days,
         * a longer anchoring lag, a lower severity; or the working-hours time zone changed.
         */
        ALERTING_LOOSENED,
        /** A new item without what it needs (a new sensitive type without its mask, …). */
        INCOMPLETE
    }

    @Override
    public String toString() {
        return kind + " in pack " + packId + " at " + item + ": " + why;
    }
}
