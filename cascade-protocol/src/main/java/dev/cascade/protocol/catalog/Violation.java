package dev.cascade.protocol.catalog;

import java.util.Objects;

/**
 * One problem with a descriptor.
 *
 * @param field the JSON name of the offending field, e.g. "abstract" or "dataItems[3].name"
 *              (indexes are zero-based)
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
