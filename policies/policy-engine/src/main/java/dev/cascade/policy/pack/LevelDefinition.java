package dev.cascade.policy.pack;

import dev.cascade.protocol.catalog.DataLevel;
import java.util.Objects;

/** A pack's name and description for one of the catalog's levels; the levels themselves are fixed. */
public record LevelDefinition(DataLevel level, String name, String description) {

    public LevelDefinition {
        Objects.requireNonNull(level, "level");
    }
}
