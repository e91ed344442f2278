package dev.cascade.node.catalog.search;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters every catalog read accepts, declared once for the search and the DCAT export.
 * Everything arrives as text and is parsed by {@link SearchQuery#fromRequest}, so a malformed value
 * is a 400 problem naming the parameter rather than JAX-RS's silent 404 for unconvertible parameters.
 */
public class CatalogFilterParams {

    @QueryParam("q")
    @Parameter(description = "Keyword matched case-insensitively anywhere in the title or abstract (Chinese or Latin"
            + " text; % and _ are literal). At most 200 characters.", example = "不动产")
    public String q;

    @QueryParam("region")
    @Parameter(description = "GB/T 2260 code of a region whose subtree is searched, by the resource's origin:"
            + " 100000 everything, 440000 Guangdong and its cities, 440100 Guangzhou only.", example = "440000")
    public String region;

    @QueryParam("dept")
    @Parameter(description = "Identifier of the providing department (exact match).")
    public String dept;

    @QueryParam("category")
    @Parameter(description = "Resource category (exact match).")
    public String category;

    @QueryParam("level")
    @Parameter(description = "Classification level (exact match).")
    public String level;

    @QueryParam("sharingType")
    @Parameter(description = "Sharing type (exact match), e.g. unconditional, conditional, not_shared.")
    public String sharingType;

    @QueryParam("updatedSince")
    @Parameter(description = "Only resources updated at or after this ISO-8601 instant.",
            example = "2026-01-31T00:00:00Z", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    public String updatedSince;

    @QueryParam("limit")
    @Parameter(description = "Page size. Search: 1 to 200, default 20. DCAT export: 1 to 1000, default 100.",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
    public String limit;

    @QueryParam("cursor")
    @Parameter(description = "Opaque position returned by the previous page; absent for the first page.")
    public String cursor;

    public SearchQuery toQuery(int defaultLimit) {
        return SearchQuery.fromRequest(q, region, dept, category, level, sharingType, updatedSince, limit, cursor,
                defaultLimit);
    }
}
