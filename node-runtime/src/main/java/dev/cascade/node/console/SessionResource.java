package dev.cascade.node.console;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.cascade.node.console.oidc.OidcLogin;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.department.Departments;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who the caller is, for the console and for any department system: the identity its token (or
 * session cookie) carries, and for a console session the CSRF token its changes must echo.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Console", description = "Logging in to the web console; the console itself uses only the REST API")
public class SessionResource {

    @Inject
    JsonWebToken token;
    @Inject
    Departments departments;
    @Inject
    ConsoleSessions sessions;
    @Inject
    LocalNode node;
    @Inject
    OidcLogin oidc;

    /**
     * @param kind      {@code department} or {@code operator}
     * @param csrfToken for a console session, the value its POST/PUT/DELETE requests send as X-CSRF-Token; null
     *                  for a bearer token, which needs none
     */
    public record Caller(String subject, String kind, String name, List<String> roles, String region, String tier,
                         Instant expiresAt, String csrfToken) {
    }

    public record Oidc(boolean enabled, String name, String loginUrl) {
    }

    public record Options(Oidc oidc) {
    }

    @GET
    @Authenticated
    @Operation(summary = "The caller's identity: department or operator, roles, this node's region, expiry")
    public Uni<Caller> caller() {
        boolean department = token.getAudience() != null && token.getAudience().contains(Departments.AUDIENCE);
        List<String> roles = token.getGroups() == null ? List.of() : token.getGroups().stream()
                .filter(g -> g.equals(TokenSigningKey.ROLE) || Arrays.stream(DepartmentRole.values()).anyMatch(r -> r.key().equals(g))).sorted().toList();
        Instant expires = Instant.ofEpochSecond(token.getExpirationTime());
        String csrf = token.getClaim(ConsoleSessions.CSRF_CLAIM);
        String region = node.region().code();
        String tier = node.region().tier().name().toLowerCase();
        if (!department) {
            return Uni.createFrom().item(new Caller("operator", "operator", token.getName(), roles, region, tier, expires, csrf));
        }
        String dept = token.getClaim(Departments.CLAIM);
        return departments.find(dept).map(d -> new Caller(dept, "department", d == null ? dept : d.name(), roles, region,
                tier, expires, csrf));
    }

    @GET
    @Path("/options")
    @PermitAll
    @Operation(summary = "How people can log in to the console at this node")
    public Options options() {
        return new Options(new Oidc(oidc.enabled(), oidc.name(), oidc.enabled() ? "/console/oidc/start" : null));
    }

    @POST
    @Path("/logout")
    @Authenticated
    @Operation(summary = "End this console session and clear its cookie")
    public Uni<Response> logout(@Context HttpServerRequest request) {
        String sid = token.getClaim(ConsoleSessions.SID_CLAIM);
        if (sid == null) {
            throw ProblemException.badRequest("this is a bearer token, not a console session: it ends at its expiry");
        }
        String actor = token.getClaim(Departments.CLAIM) instanceof String dept ? dept : "operator";
        return sessions.end(sid, actor).map(done -> Response.noContent()
                .header("Set-Cookie", SessionCookie.clear(request.isSSL())).build());
    }
}
