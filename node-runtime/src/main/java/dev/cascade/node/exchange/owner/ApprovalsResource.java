package dev.cascade.node.exchange.owner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The provider's approver answers conditional requests for its resources, before their deadline. */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.APPROVER)
@Blocking
@Tag(name = "Approvals")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the approver role, or does not provide the resource", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class ApprovalsResource {

    @Inject
    CallerDepartment caller;
    @Inject
    OwnerDesk owner;

    @GET
    @Operation(summary = "Requests awaiting this department's answer")
    public List<Map<String, Object>> pending() {
        return owner.pendingFor(admitted());
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve, optionally tighter than the policy: fields (a subset), rowLimit (lower), validity (ISO-8601, shorter)")
    @APIResponse(responseCode = "204", description = "Granted; the delivery starts")
    @APIResponse(responseCode = "400", description = "A tightening that is not tighter", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "Not awaiting approval (answered, expired) or the policy now denies it", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public void approve(@PathParam("id") String id, JsonNode body) {
        owner.approve(id, admitted(), tightening(body));
    }

    @POST
    @Path("/{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deny with a reason (body: {\"reason\": \"…\"})")
    @APIResponse(responseCode = "204", description = "Denied; the consumer sees the reason")
    public void deny(@PathParam("id") String id, JsonNode body) {
        owner.deny(id, admitted(), body == null ? null : body.path("reason").asText(null));
    }

    private static Tightening tightening(JsonNode body) {
        if (body == null || body.isNull() || body.isEmpty()) {
            return Tightening.NONE;
        }
        List<String> fields = new ArrayList<>();
        body.path("fields").forEach(f -> fields.add(f.asText()));
        Duration validity = null;
        if (body.hasNonNull("validity")) {
            try {
                validity = Duration.parse(body.get("validity").asText());
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("validity must be an ISO-8601 duration such as P7D");
            }
        }
        return new Tightening(fields, body.path("rowLimit").asLong(0), validity);
    }

    private String admitted() {
        return caller.admitOnWorker();
    }
}
