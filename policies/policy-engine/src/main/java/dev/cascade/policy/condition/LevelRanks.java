package dev.cascade.policy.condition;

import dev.cascade.protocol.catalog.DataLevel;

/**
 * Levels as the integers conditions compare: L1 = 1 … L4 = 4, important = 5, core = 6. Strings
 * would not do ("core" &lt; "important" &lt; "L1" in code-point order).
 */
public final class LevelRanks {

    private LevelRanks() {
    }

    public static long rank(DataLevel level) {
        return level.ordinal() + 1L;
    }

    /** @throws IllegalArgumentException naming the allowed ids if {@code wire} is not a level */
    public static long rank(String wire) {
        return rank(DataLevel.fromWire(wire));
    }
}
