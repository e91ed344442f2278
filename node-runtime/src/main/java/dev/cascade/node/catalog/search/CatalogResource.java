package dev.cascade.node.catalog.search;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.protocol.region.RegionCode;

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
    @Inject
    CatalogDescriptors descriptors;

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @GET
    @Path("/{origin}/{id}")
    @Operation(summary = "One resource as registered: its labels, level, sharing type and every data item",
            description = "The descriptor the provider registered (title, abstract, dataItems with their levels and"
                    + " sensitive types, sharing type and condition, update cycle, scope...), with the origin node and the"
                    + " provider department. Visible exactly when search would list it.")
    @APIResponse(responseCode = "404", description = "No such resource here, or withdrawn",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<JsonNode> resource(@PathParam("origin") String origin, @PathParam("id") String id) {
        RegionCode region = RegionCode.parse(origin); // a malformed code is a 400 naming it
        return descriptors.live(region.code(), id).map(found -> {
            CatalogDescriptors.Registered registered = found.orElseThrow(() ->
                    ProblemException.notFound("no resource " + id + " of " + region.code() + " in this node's catalog"));
            ObjectNode out = JSON.createObjectNode().put("origin", region.code()).put("providerDept", registered.providerDept())
                    .put("version", registered.version());
            try {
                out.setAll((ObjectNode) JSON.readTree(registered.descriptorJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored descriptor of " + id + " is not JSON", e);
            }
            return out;
        });
    }
}
