package dev.cascade.node.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A consumer department calls a data service of another region under its standing grant. */
@Path("/api/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.CONSUMER)
@Tag(name = "Service calls")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class CallsResource {

    @Inject
    CallerDepartment caller;
    @Inject
    ConsumerCalls calls;

    @POST
    @Path("/{grant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Call a data service under a standing grant",
            description = "Body: {\"params\": {\"name\": \"value\", …}}, the service's declared query parameters. The call is sealed"
                    + " for the owner node, which checks the grant, quota and rate, calls its endpoint and answers with only the"
                    + " granted fields, masked as granted.")
    @APIResponse(responseCode = "200", description = "{callId, grant, result: {granted fields}, usedToday, quotaPerDay}")
    @APIResponse(responseCode = "400", description = "Malformed body, or parameters the service refuses", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "403", description = "The grant is suspended, revoked or expired (here, at a hop or at the owner), or a directive stops the call", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "The department holds no such grant here, or the endpoint has no record for the parameters", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "429", description = "Over the grant's daily quota or rate; the problem names quotaPerDay, ratePerSecond and usedToday", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "502", description = "The endpoint failed, or the answer was altered on the way", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "503", description = "No open link towards the owner", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "504", description = "The endpoint, or the owner, did not answer in time", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public CompletionStage<Response> call(@PathParam("grant") String grant, JsonNode body) {
        String dept = caller.admitOnWorker();
        return calls.call(dept, grant, body).thenApply(CallResult::toResponse);
    }
}
