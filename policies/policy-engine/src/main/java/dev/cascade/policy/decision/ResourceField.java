package dev.cascade.policy.decision;

import dev.cascade.protocol.catalog.DataLevel;
import java.util.Objects;

/**
 * A field of a resource as the catalog describes it.
 *
 * @param level         the provider's label, or null (then the resource's level)
 * @param sensitiveType the catalog's sensitive-type label (a pack type id or alias), or null
 */
public record ResourceField(String name, DataLevel level, String sensitiveType) {

    public ResourceField {
        Objects.requireNonNull(name, "name");
    }
}
