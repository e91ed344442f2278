package dev.cascade.node.catalog.dcat;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.catalog.search.CatalogFilterParams;
import dev.cascade.node.catalog.search.CatalogSearch;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.mutiny.Uni;

/** The catalog as DCAT-AP 3.0.0 JSON-LD, for harvesters and for departments that speak DCAT. */
@Path("/api/v1/catalog.jsonld")
@RolesAllowed({"provider", "consumer", "approver", "auditor"})
@Tag(name = "Catalog")
public class DcatCatalogResource {

    /** Larger than a search page: harvesters read the whole catalog, and each page is one round trip. */
    static final int DEFAULT_LIMIT = 100;

    @Inject
    CatalogSearch catalog;
    @Inject
    LocalNode node;

    private final DcatMapper dcat = new DcatMapper();

    @GET
    @Produces(DcatMapper.MEDIA_TYPE)
    @Operation(summary = "Export the catalog as DCAT-AP JSON-LD",
            description = "A dcat:Catalog (DCAT-AP 3.0.0) of the resources visible at this node that are not withdrawn,"
                    + " filtered and ordered like the search: data services (source service) as dcat:service entries,"
                    + " every other resource as a dcat:dataset entry. Paged: the document's hydra:view carries"
                    + " hydra:next, the IRI of the following page, unless this is the last page.")
    @APIResponse(responseCode = "200", description = "One page of the catalog",
            content = @Content(mediaType = DcatMapper.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT,
                    description = "JSON-LD: a dcat:Catalog with dcat:dataset and dcat:service entries and a hydra:view")))
    @APIResponse(responseCode = "400", description = "A parameter is malformed or out of range, or the cursor is not valid",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "401", description = "No valid department token")
    @APIResponse(responseCode = "403", description = "The token carries none of the roles provider, consumer, approver, auditor")
    public Uni<ObjectNode> export(@BeanParam CatalogFilterParams filters, @Context UriInfo request) {
        return catalog.export(filters.toQuery(DEFAULT_LIMIT)).map(page -> {
            URI self = request.getRequestUri();
            return dcat.catalog(node.region(), page.records(), request.getBaseUri(), self,
                    page.nextCursor().map(c -> request.getRequestUriBuilder().replaceQueryParam("cursor", c).build()));
        });
    }
}
