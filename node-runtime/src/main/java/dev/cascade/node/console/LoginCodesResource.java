package dev.cascade.node.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The operator asks for a one-time console login link (used by {@code cascade-node console-login}). */
@Path("/admin/v1/console/login-codes")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Node operation, used by the ops CLI with an admin token minted from the data directory")
public class LoginCodesResource {

    @Inject
    LoginCodes codes;
    @Inject
    CascadeConfig config;
    @Inject
    JsonWebToken caller;

    public record LoginCodeRequest(String dept, List<String> roles) {
    }

    /**
     * @param path the link on this node's HTTP port; {@code url} is the whole link when the console's public
     *             address is configured, else null and the CLI prefixes the node's own HTTP address
     */
    public record LoginLink(String path, String url, String dept, List<String> roles, Instant expiresAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "A one-time console login link for a department with some of its roles, or for the operator",
            description = "The link's code is spent on first use and expires after cascade.console.login-code-ttl (2 minutes).")
    public Uni<LoginLink> issue(LoginCodeRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with 'roles' (and 'dept' unless the role is node-admin) is required");
        }
        ConsoleIdentity who = ConsoleIdentity.of(request.dept(), request.roles());
        String actor = caller.getName() == null ? "operator" : caller.getName();
        return codes.issue(who, actor).map(issued -> {
            String path = "/console/login?code=" + issued.code();
            Optional<String> base = config.console().publicUrl().map(u -> u.replaceAll("/+$", ""));
            return new LoginLink(path, base.map(b -> b + path).orElse(null), who.dept().orElse(null), who.roles(),
                    issued.expiresAt());
        });
    }
}
