package dev.cascade.policy.pack;

import dev.cascade.protocol.catalog.DataLevel;
import java.util.Objects;

/**
 * A data category of the classification scheme (数据分类).
 *
 * @param minLevel the lowest level a resource of this category is treated at, or null for none
 */
public record Category(String id, String name, String description, DataLevel minLevel) {

    public Category {
        Objects.requireNonNull(id, "id");
    }
}
