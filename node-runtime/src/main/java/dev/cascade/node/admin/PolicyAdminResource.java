package dev.cascade.node.admin;

import dev.cascade.node.identity.TokenSigningKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.policy.PolicyView;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/** The operator publishes this node's own policy pack and inspects the policy in force. */
@Path("/admin/v1/policy")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
@APIResponse(responseCode = "403", description = "The token does not carry the admin role")
public class PolicyAdminResource {

    /** The YAML media types a pack file is sent as; plain bytes are accepted too. */
    static final String YAML = "application/yaml";

    @Inject
    PolicyBook policies;
    @Inject
    JsonWebToken caller;

    @POST
    @Blocking
    @Consumes({YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Publish this node's own policy pack",
            description = "The body is the pack file's exact bytes (YAML, format cascade.policy-pack/v1). The pack must name this"
                    + " node's region as issuer, carry a version above the one this node published before, and only tighten"
                    + " its ancestors' packs in force here. It is then signed with the node's application key, stored, and"
                    + " sent down to every child, which enforces it below the ancestors' packs.")
    @RequestBody(content = @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING,
            example = "format: cascade.policy-pack/v1\nid: guangdong-example\nversion: 2\nissuer: \"440000\"\nextends: national-baseline\n")))
    @APIResponse(responseCode = "201", description = "Published: the lineage now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", description = "Not a valid pack: `problems` lists each with its line, column, path and message",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "The version is not above the pack this node published before, or (below"
            + " national) the ancestors' lineage has not arrived yet", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON,
            schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than the HTTP server accepts",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "415", description = "The body is not sent as YAML, text or bytes")
    @APIResponse(responseCode = "422", description = "Refused: the pack names another issuer or loosens an ancestor's pack;"
            + " `refusals` lists each with its kind, pack, item and why. Nothing is stored.",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response publish(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("the body must be the pack file (YAML); it is empty");
        }
        PolicyView published = policies.publish(body, caller.getName() == null ? "operator" : caller.getName());
        return Response.status(201).entity(published).build();
    }

    @GET
    @Operation(summary = "The policy packs this node enforces",
            description = "Its ancestors' packs (national first) and its own, each with issuer, id, version and the SHA-256 of"
                    + " its exact bytes; the lineage digest heartbeats compare; the own pack's state (enforced, or"
                    + " suspended with the refusals when it no longer composes under a newer lineage).")
    @APIResponse(responseCode = "200", description = "The policy in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public PolicyView show() {
        return policies.view();
    }
}
