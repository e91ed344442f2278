package dev.cascade.node.console.oidc;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The browser's side of console login through the identity provider: {@code /start} sends it to the
 * provider, {@code /callback} receives it back. Between the two, a short-lived login cookie ties the
 * callback to the browser that started it; {@code SameSite=Lax}, because the provider's redirect back
 * is a cross-site navigation a Strict cookie would not ride on. Every refusal ends on the console's
 * login page with {@code error=oidc} and one log line naming the failed check, never a code or token.
 */
@Path("/console/oidc")
@PermitAll
@Tag(name = "Console")
public class OidcLoginResource {

    private static final Logger LOG = Logger.getLogger(OidcLoginResource.class);
    static final String COOKIE = "cascade_oidc";
    static final String COOKIE_PATH = "/console/oidc";
    static final URI LOGIN_FAILED = URI.create("/console/#/login?error=oidc");

    @Inject
    OidcLogin login;
    @Context
    UriInfo uri;

    @GET
    @Path("/start")
    @Blocking
    @Operation(summary = "Send the browser to the identity provider (authorization code flow with PKCE)")
    @APIResponse(responseCode = "302", description = "To the provider's authorization endpoint, with the login cookie")
    @APIResponse(responseCode = "303", description = "To the console's login page with error=oidc: the provider is unreachable")
    @APIResponse(responseCode = "404", description = "OpenID Connect login is not configured", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response start() {
        requireEnabled();
        String redirectUri = redirectUri();
        try {
            OidcLogin.Redirect redirect = login.begin(redirectUri);
            return Response.status(Response.Status.FOUND).location(redirect.authorization())
                    .cookie(loginCookie(redirect.cookieKey(), (int) PendingLogins.TTL_SECONDS, redirectUri))
                    .header("Cache-Control", "no-store").build();
        } catch (LoginRefused e) {
            LOG.warnf("console login with OpenID Connect could not start: %s", e.getMessage());
            return failed(redirectUri);
        }
    }

    @GET
    @Path("/callback")
    @Blocking
    @Operation(summary = "The provider's redirect back: checks the login and starts a console session")
    @APIResponse(responseCode = "303", description = "To the console with its session cookie, or to its login page with error=oidc")
    @APIResponse(responseCode = "404", description = "OpenID Connect login is not configured", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(COOKIE) String cookieKey) {
        requireEnabled();
        String redirectUri = redirectUri();
        OidcLogin.Grant grant;
        try {
            grant = login.finish(cookieKey, state, code, error);
        } catch (LoginRefused e) {
            LOG.warnf("console login with OpenID Connect refused: %s", e.getMessage());
            return Uni.createFrom().item(failed(redirectUri));
        }
        LOG.infof("console login with OpenID Connect: department %s, roles %s, %s", grant.dept(), grant.roles(), grant.via());
        NewCookie spent = loginCookie("", 0, redirectUri);
        return login.sessions().startSession(grant.dept(), grant.roles(), grant.via())
                .map(session -> Response.fromResponse(session).cookie(spent).build())
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "console session for department %s could not be started", grant.dept());
                    return failed(redirectUri);
                });
    }

    /** The callback URL as configured, or on the host and scheme this request came in on. */
    private String redirectUri() {
        return login.redirectUri(uri.getBaseUriBuilder().path("console/oidc/callback").build().toString());
    }

    private void requireEnabled() {
        if (!login.enabled()) {
            throw ProblemException.notFound("console login with OpenID Connect is not configured at this node");
        }
    }

    private static Response failed(String redirectUri) {
        return Response.seeOther(LOGIN_FAILED).cookie(loginCookie("", 0, redirectUri)).build();
    }

    private static NewCookie loginCookie(String value, int maxAge, String redirectUri) {
        return new NewCookie.Builder(COOKIE).value(value).path(COOKIE_PATH).maxAge(maxAge).httpOnly(true)
                .secure(redirectUri.startsWith("https:")).sameSite(NewCookie.SameSite.LAX).build();
    }
}
