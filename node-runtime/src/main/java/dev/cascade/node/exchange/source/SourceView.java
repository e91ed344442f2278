package dev.cascade.node.exchange.source;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A resource's source as its provider may see it: the configuration without secrets (a password
 * is shown as {@code passwordSet}, headers by name only), the columns found by the last probe or
 * upload, and the row count where it is known (files, HTTP at probe time).
 */
@Schema(name = "DataSource")
public record SourceView(
        @Schema(example = "3.01.001.002-000017") String resource,
        @Schema(description = "kind (file, http, postgres) and its settings, secrets left out") JsonNode config,
        List<String> columns,
        @Schema(nullable = true) Long rowCount,
        Instant updatedAt,
        String updatedBy) {
}
