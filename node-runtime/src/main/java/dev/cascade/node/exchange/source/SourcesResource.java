package dev.cascade.node.exchange.source;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;

/**
 * Provider departments tell this node where the data of their resources comes from. An uploaded
 * file arrives on {@code PUT /api/v1/resources/{id}/data}, which is a Vert.x route
 * ({@link DataUploadRoute}) rather than an operation here because it must stream bodies far larger
 * than the 1 MB every REST operation is limited to.
 */
@Path("/api/v1/resources/{id}/source")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.PROVIDER)
@Tag(name = "Resources")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the provider role, is suspended, or does not own the resource", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "404", description = "No live resource with this id is registered at this node", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class SourcesResource {

    @Inject
    SourceSetup setup;
    @Inject
    CallerDepartment caller;

    @PUT
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Configure an HTTP or PostgreSQL source for a resource",
            description = "The source is probed once (an HTTP source is pulled completely, a PostgreSQL source is asked for"
                    + " its columns) and recorded only if it answers and has every field the catalog lists. Secrets (the"
                    + " password, header values) are stored at this node only and never returned. Replaces any previous"
                    + " source, an uploaded file included.")
    @APIResponse(responseCode = "200", description = "Recorded: the configuration without secrets and the columns found",
            content = @Content(schema = @Schema(implementation = SourceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid configuration (`violations` names each field), or the source's"
            + " data is unusable: `reason` BAD_RECORD, BAD_ENCODING or SCHEMA_MISMATCH, `detail` names the record or the missing"
            + " fields", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "The catalog declares another kind of source for this resource", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "502", description = "The source did not answer (`reason` UNREACHABLE): connection refused,"
            + " timeout, or an HTTP status outside 2xx", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response configure(@PathParam("id") String id, JsonNode body) {
        try {
            return Response.ok(setup.configure(id, caller.id(), body)).build();
        } catch (SourceSetup.InvalidConfig e) {
            var violations = e.reading().violations();
            String detail = violations.size() == 1 ? e.getMessage()
                    : violations.size() + " problems, first " + e.getMessage();
            return ProblemMappers.respond(400, "Invalid source", detail, Map.of("violations",
                    violations.stream().map(v -> Map.of("field", v.field(), "detail", v.message())).toList()));
        } catch (SourceFailure f) {
            return refused(f);
        }
    }

    @GET
    @Blocking
    @Operation(summary = "The source of a resource, without secrets",
            description = "Kind and settings (a password as `passwordSet`, headers by name only), the columns found by the last"
                    + " probe or upload, and the row count where known (files; HTTP at probe time).")
    @APIResponse(responseCode = "200", description = "The source", content = @Content(schema = @Schema(implementation = SourceView.class)))
    public SourceView describe(@PathParam("id") String id) {
        return setup.describe(id, caller.id());
    }

    /** A source that failed its probe or upload check, as problem+json with the failure's reason. */
    static Response refused(SourceFailure f) {
        int status = f.reason() == SourceFailure.Reason.UNREACHABLE ? 502 : 400;
        return ProblemMappers.respond(status, "Source refused", f.getMessage(), Map.of("reason", f.reason().name()));
    }
}
