package dev.cascade.node.revocation;

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

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;

/** The operator revokes a child, and with it its whole subtree, here (used by {@code cascade-node revoke}). */
@Path("/admin/v1/revocations")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Node operation, used by the ops CLI with an admin token minted from the data directory")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
@APIResponse(responseCode = "403", description = "The token does not carry the admin role")
public class RevocationsResource {

    @Inject
    RevocationBook revocations;
    @Inject
    JsonWebToken caller;

    public record RevocationRequest(String region, String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a child and its whole subtree",
            description = "Revokes the child's CA certificate, drops its link and floods the new revocation list through"
                    + " the hierarchy.")
    @APIResponse(responseCode = "200", description = "The revocation as recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevocationBook.Revoked.class)))
    @APIResponse(responseCode = "400", description = "Region missing, malformed, or not a direct child of this node; or"
            + " malformed JSON",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "The region never joined this node",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "The child is already revoked",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than the HTTP server accepts",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<RevocationBook.Revoked> revoke(RevocationRequest request) {
        if (request == null || request.region() == null) {
            throw ProblemException.badRequest("field 'region' is required");
        }
        String reason = request.reason() == null || request.reason().isBlank() ? "revoked by operator" : request.reason();
        return revocations.revokeChild(RegionCode.parse(request.region()), reason, actor());
    }

    @GET
    @Operation(summary = "List the children this node revoked, most recent first",
            description = "Region, serial of the revoked CA certificate (hex), reason, when, and the operator who revoked it.")
    @APIResponse(responseCode = "200", description = "The revoked children",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RevocationBook.RevokedChild.class)))
    public Uni<List<RevocationBook.RevokedChild>> listRevocations() {
        return revocations.revokedChildren();
    }

    private String actor() {
        return caller.getName() == null ? "operator" : caller.getName();
    }
}
