package dev.cascade.node.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of the RFC 9457 documents {@link ProblemMappers} writes, named here so the OpenAPI
 * document can describe every error response with one schema.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record ProblemDocument(
        @Schema(example = "about:blank") String type,
        @Schema(example = "Bad request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "limit must be between 1 and 200, not 500") String detail) {
}
