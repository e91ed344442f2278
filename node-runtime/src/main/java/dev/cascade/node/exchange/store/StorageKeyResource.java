package dev.cascade.node.exchange.store;

import dev.cascade.node.identity.TokenSigningKey;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator replaces the node's storage key here (used by {@code cascade-node secrets rotate}). */
@Path("/admin/v1/storage-key/rotation")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Admin", description = "Node operation, used by the ops CLI with an admin token minted from the data directory")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
@APIResponse(responseCode = "403", description = "The token does not carry the admin role")
public class StorageKeyResource {

    @Inject
    StorageKeyRotation rotation;
    @Inject
    JsonWebToken caller;

    @POST
    @Operation(summary = "Rotate the storage key",
            description = "Makes a new storage key, re-wraps every data key and sealed source secret held under the old one"
                    + " in one transaction with a ledger entry, then puts the new key in force and destroys the old one.")
    @APIResponse(responseCode = "200", description = "What was re-wrapped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StorageKeyRotation.Rotated.class)))
    public StorageKeyRotation.Rotated rotate() {
        return rotation.rotate(caller.getName() == null ? "operator" : caller.getName());
    }
}
