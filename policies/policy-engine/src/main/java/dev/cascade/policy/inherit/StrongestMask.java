package dev.cascade.policy.inherit;

import dev.cascade.policy.mask.MaskSpec;

/**
 * The mask that reveals no more than either of two: where constraints meet (a default profile, a
 * rule's profile, a field rule's mask) the field gets this.
 */
public final class StrongestMask {

    private StrongestMask() {
    }

    /**
     * The stronger of the two; for two partial masks ({@code keep}) that each keep more at one end,
     * the mask keeping the fewer characters at each end; for any other pair neither of which is at
     * least as strong as the other (e.g. {@code keep} vs {@code generalise}), {@code suppress}:
     * nothing weaker is safe for both.
     */
    public static MaskSpec of(MaskSpec a, MaskSpec b) {
        if (a.atLeastAsStrongAs(b)) {
            return a;
        }
        if (b.atLeastAsStrongAs(a)) {
            return b;
        }
        if (a instanceof MaskSpec.KeepEnds x && b instanceof MaskSpec.KeepEnds y) {
            return new MaskSpec.KeepEnds(Math.min(x.first(), y.first()), Math.min(x.last(), y.last()));
        }
        return new MaskSpec.Suppress();
    }
}
