package dev.cascade.node.onboarding;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;

/** The operator issues one-time join tokens for child regions here (used by {@code cascade-node token create}). */
@Path("/admin/v1/join-tokens")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Node operation, used by the ops CLI with an admin token minted from the data directory")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
@APIResponse(responseCode = "403", description = "The token does not carry the admin role")
public class JoinTokensResource {

    @Inject
    JoinTokens tokens;
    @Inject
    JsonWebToken caller;

    public record TokenRequest(String region, Long ttlSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Issue a one-time join token for a child region",
            description = "The child presents the token once, with its CSR, to join this node. Lifetime defaults to 900 s.")
    @APIResponse(responseCode = "201", description = "The token; its secret is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JoinTokens.IssuedToken.class)))
    @APIResponse(responseCode = "400", description = "Region missing or not a region one tier below this node, lifetime out of"
            + " range, or malformed JSON",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than the HTTP server accepts",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<JoinTokens.IssuedToken> createJoinToken(TokenRequest request) {
        if (request == null || request.region() == null) {
            throw ProblemException.badRequest("field 'region' is required");
        }
        Duration ttl = Duration.ofSeconds(request.ttlSeconds() == null ? 900 : request.ttlSeconds());
        return tokens.create(RegionCode.parse(request.region()), ttl, actor());
    }

    @GET
    @Operation(summary = "List the join tokens this node issued, newest first",
            description = "Id, region, when issued, when it expires and when it was spent (null while unused); never the secret.")
    @APIResponse(responseCode = "200", description = "The tokens",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = JoinTokens.ListedToken.class)))
    public Uni<List<JoinTokens.ListedToken>> listJoinTokens() {
        return tokens.list();
    }

    private String actor() {
        return caller.getName() == null ? "operator" : caller.getName();
    }
}
