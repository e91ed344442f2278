package dev.cascade.node.exchange.consumer;

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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Consumer departments ask for another region's resources and take what was granted: request,
 * follow every state change, download as CSV or JSON Lines, confirm receipt.
 */
@Path("/api/v1/exchanges")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.CONSUMER)
@Blocking
@Tag(name = "Exchanges")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the consumer role or is suspended", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class ExchangesResource {

    @Inject
    CallerDepartment caller;
    @Inject
    ConsumerDesk desk;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a resource",
            description = "Body: origin (owner region), resource, fields (empty: all), purpose, legalBasis, window {start, end}, rowLimit, "
                    + "and optionally requestId (a UUID): a retry with the same requestId returns the same exchange.")
    @APIResponse(responseCode = "201", description = "Requested: signed by this node and routed towards the owner")
    @APIResponse(responseCode = "200", description = "A retry of an earlier request with the same requestId")
    @APIResponse(responseCode = "400", description = "The body names no resource, an invalid region, window or row limit", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "The resource is not in this node's catalog", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "The requestId is used for another request", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response request(JsonNode body) {
        var admission = caller.admissionOnWorker();
        List<String> roles = caller.roles().stream().map(DepartmentRole::key).collect(Collectors.toList());
        ConsumerDesk.Asked asked = desk.request(admission.department().id(), admission.clearance(), roles, body);
        return Response.status(asked.created() ? 201 : 200).entity(asked.exchange()).build();
    }

    @GET
    @Operation(summary = "The department's exchanges, newest first")
    public List<Map<String, Object>> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("limit must be between 1 and 500");
        }
        return desk.list(admitted(), limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One exchange: state, reason and rules, grant, every state change, usage")
    @APIResponse(responseCode = "404", description = "No such exchange of this department", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> show(@PathParam("id") String id) {
        return desk.show(admitted(), id);
    }

    @GET
    @Path("/{id}/data")
    @Produces({"text/csv", "application/jsonl", MediaType.APPLICATION_JSON})
    @Operation(summary = "Download the delivered rows (format=csv or jsonl); every download is registered")
    @APIResponse(responseCode = "200", description = "The granted fields, masked and watermarked for this department")
    @APIResponse(responseCode = "409", description = "Not delivered (yet)", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "410", description = "The grant has expired", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response data(@PathParam("id") String id, @QueryParam("format") @DefaultValue("csv") String format) {
        String dept = admitted();
        DeliveryFormat f;
        try {
            f = DeliveryFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        desk.readable(dept, id);
        StreamingOutput body = out -> desk.download(dept, id, f, out);
        return Response.ok(body, f.mediaType()).header("Content-Disposition",
                "attachment; filename=\"" + id + "." + f.name().toLowerCase(Locale.ROOT) + "\"").build();
    }

    @POST
    @Path("/{id}/receipt")
    @Operation(summary = "Confirm receipt of a delivered exchange")
    @APIResponse(responseCode = "409", description = "Not delivered", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> confirm(@PathParam("id") String id) {
        return desk.confirm(admitted(), id);
    }

    private String admitted() {
        return caller.admitOnWorker();
    }
}
