package dev.cascade.node.catalog.search;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One catalog resource as a search lists it. {@code summary} is the resource's abstract (a Java
 * keyword, hence the name); it travels as {@code "abstract"} in JSON.
 */
public record CatalogHit(String origin,
                         String id,
                         int version,
                         String title,
                         @JsonProperty("abstract") String summary,
                         String providerDept,
                         String category,
                         String level,
                         String sharingType,
                         String scope,
                         Instant updatedAt) {
}
