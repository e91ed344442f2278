package dev.cascade.node.exchange.consumer;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A consumer department's subscriptions (requested as exchanges with a standing mode of
 * subscription): the series of increments, and unsubscribing.
 */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.CONSUMER)
@Blocking
@Tag(name = "Exchanges")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the consumer role or is suspended", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "404", description = "No such subscription of this department", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class SubscriptionsResource {

    @Inject
    CallerDepartment caller;
    @Inject
    ConsumerSubscriptions subscriptions;

    @GET
    @Path("/{id}")
    @Operation(summary = "A subscription and its increments: each an exchange, downloaded as any other")
    public Map<String, Object> show(@PathParam("id") String id) {
        return subscriptions.show(caller.admitOnWorker(), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Unsubscribe: no increment is asked for from now on; the owner revokes the subscription")
    @APIResponse(responseCode = "202", description = "Unsubscribed here; the owner's revocation follows")
    @APIResponse(responseCode = "409", description = "The subscription has already ended", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(subscriptions.cancel(caller.admitOnWorker(), id)).build();
    }
}
