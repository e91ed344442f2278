package dev.cascade.node.catalog;

import dev.cascade.protocol.region.RegionCode;

/** New catalog changes of {@code origin} are recorded here: sync feeds should look. */
public record CatalogChanged(RegionCode origin) {
}
