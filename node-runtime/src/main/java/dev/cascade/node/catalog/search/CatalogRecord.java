package dev.cascade.node.catalog.search;

/** A hit together with the provider's descriptor (JSON text) it was registered with, for exports. */
public record CatalogRecord(CatalogHit hit, String descriptor) {
}
