package dev.cascade.node.catalog.search;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.mutiny.Uni;

/** Catalog search for the departments attached to this node. */
@Path("/api/v1/catalog")
@RolesAllowed({"provider", "consumer", "approver", "auditor"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class CatalogResource {

    @Inject
    CatalogSearch catalog;

    /**
     * A page of search results. {@code next} is the cursor for the following page, and null on the
     * last page; it is always present in the JSON so clients can loop on it.
     */
    public record SearchResponse(List<CatalogHit> items,
                                 @JsonInclude(JsonInclude.Include.ALWAYS)
                                 @Schema(description = "Cursor of the following page; null on the last page") String next) {
    }

    @GET
    @Path("/search")
    @Operation(summary = "Search the catalog",
            description = "Resources visible at this node that are not withdrawn, newest update first (ties by origin,"
                    + " then resource id), in stable keyset pages: pass the previous page's 'next' as 'cursor'."
                    + " Rows added while paging never shift the pages still to come.")
    @APIResponse(responseCode = "200", description = "A page of results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed or out of range, or the cursor is not valid",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "401", description = "No valid department token")
    @APIResponse(responseCode = "403", description = "The token carries none of the roles provider, consumer, approver, auditor")
    public Uni<SearchResponse> search(@BeanParam CatalogFilterParams filters) {
        return catalog.search(filters.toQuery(SearchQuery.DEFAULT_LIMIT))
                .map(page -> new SearchResponse(page.items(), page.nextCursor().orElse(null)));
    }
}
