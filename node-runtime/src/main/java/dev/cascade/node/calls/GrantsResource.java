package dev.cascade.node.calls;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A consumer department's standing grants at this node. A grant is asked for with
 * {@code POST /api/v1/exchanges} and a {@code standing} member; its id is the exchange id.
 */
@Path("/api/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.CONSUMER)
@Blocking
@Tag(name = "Service calls")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class GrantsResource {

    @Inject
    CallerDepartment caller;
    @Inject
    GrantViews views;

    @GET
    @Operation(summary = "The department's standing grants (service calls and subscriptions), newest first")
    public List<Map<String, Object>> list() {
        return views.list(ExchangeRole.CONSUMER, Optional.of(caller.admitOnWorker()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One standing grant: terms, state, calls by outcome and the latest calls")
    @APIResponse(responseCode = "404", description = "The department holds no such grant here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> one(@PathParam("id") String id) {
        String dept = caller.admitOnWorker();
        return views.one(id, ExchangeRole.CONSUMER, Optional.of(dept))
                .orElseThrow(() -> ProblemException.notFound("department " + dept + " holds no standing grant " + id + " here"));
    }
}
