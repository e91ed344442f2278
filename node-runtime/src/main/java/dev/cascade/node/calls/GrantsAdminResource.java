package dev.cascade.node.calls;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.owner.OwnerDesk;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.exchange.ExchangeState;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator lists the standing grants held here and suspends, resumes or revokes those this node owns (used by {@code cascade-node grants}). */
@Path("/admin/v1/grants")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Admin")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
public class GrantsAdminResource {

    @Inject
    GrantViews views;
    @Inject
    OwnerDesk owner;
    @Inject
    GrantStates states;
    @Inject
    JsonWebToken caller;

    public record Change(String reason) {
    }

    @GET
    @Operation(summary = "Standing grants held here: as owner (grants on this node's services and tables) or as consumer")
    public List<Map<String, Object>> list(@QueryParam("role") String role) {
        ExchangeRole r = role == null || role.isBlank() || role.equals("owner") ? ExchangeRole.OWNER
                : role.equals("consumer") ? ExchangeRole.CONSUMER : null;
        if (r == null) {
            throw ProblemException.badRequest("role must be owner or consumer, not '" + role + "'");
        }
        return views.list(r, Optional.empty());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One standing grant held here, with its calls by outcome")
    public Map<String, Object> one(@PathParam("id") String id) {
        return views.one(id, ExchangeRole.OWNER, Optional.empty()).or(() -> views.one(id, ExchangeRole.CONSUMER, Optional.empty()))
                .orElseThrow(() -> ProblemException.notFound("no standing grant " + id + " is held here"));
    }

    @POST
    @Path("/{id}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend, resume or revoke a standing grant this node owns",
            description = "action: suspend | resume | revoke; body {\"reason\": \"…\"}. The signed update reaches every hop and the consumer node, each of which refuses calls from then on.")
    @APIResponse(responseCode = "400", description = "Unknown action or no reason", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "No grant of this node with that id", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "The grant cannot make that change (e.g. revoked already)", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> change(@PathParam("id") String id, @PathParam("action") String action, Change body) {
        ExchangeState to = switch (action) {
            case "suspend" -> ExchangeState.SUSPENDED;
            case "resume" -> ExchangeState.GRANTED;
            case "revoke" -> ExchangeState.REVOKED;
            default -> throw ProblemException.badRequest("action must be suspend, resume or revoke, not '" + action + "'");
        };
        owner.changeStanding(id, to, "operator " + caller.getName(), body == null ? null : body.reason());
        states.forget(id);
        return views.one(id, ExchangeRole.OWNER, Optional.empty()).orElseThrow();
    }
}
