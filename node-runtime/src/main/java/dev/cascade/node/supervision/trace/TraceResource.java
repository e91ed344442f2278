package dev.cascade.node.supervision.trace;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/supervision/trace}: an auditor department hands in a leaked file (the body,
 * {@code text/csv} or {@code application/x-ndjson}, at most the node's REST body limit) and learns
 * which delivery of this owner node it came from. The operator reaches the same through
 * {@link TraceAdminResource} with {@code cascade-node trace}.
 */
@Path("/api/v1/supervision/trace")
@RolesAllowed(DepartmentRole.Names.AUDITOR)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Supervision")
@APIResponse(responseCode = "400", description = "Empty or unreadable file", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the auditor role", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "413", description = "The file exceeds the REST body limit", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "415", description = "Neither CSV nor JSON Lines", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "422", description = "No delivery's identity and carrier columns are in the file", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class TraceResource {

    @Inject
    CallerDepartment caller;
    @Inject
    LeakTracing tracing;

    @POST
    @Consumes({TraceMedia.CSV, TraceMedia.NDJSON, TraceMedia.JSONL})
    @Operation(summary = "Trace a leaked file to the delivery (exchange, recipient department) it came from")
    public TraceReport trace(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] file) {
        String dept = caller.admitOnWorker();
        TraceMedia media = TraceMedia.of(contentType);
        return tracing.trace(file, media.format(), media.encoding(), "department " + dept);
    }
}
