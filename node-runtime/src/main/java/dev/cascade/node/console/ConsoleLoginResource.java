package dev.cascade.node.console;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Opens the link {@code cascade-node console-login} printed: spends the code, sets the session
 * cookie and sends the browser to the console, so the code leaves the address bar at once.
 */
@Path("/console/login")
@PermitAll
@Tag(name = "Console", description = "Logging in to the web console; the console itself uses only the REST API")
public class ConsoleLoginResource {

    @Inject
    LoginCodes codes;
    @Inject
    ConsoleSessions sessions;

    @GET
    @Operation(summary = "Spend a one-time login code: 303 to /console/ with the session cookie, or to the login page with the reason")
    public Uni<Response> login(@QueryParam("code") String code, @Context HttpServerRequest request) {
        boolean secure = request.isSSL() || sessions.behindTls();
        return codes.redeem(code).chain(redemption -> {
            if (redemption instanceof LoginCodes.Redemption.Refused refused) {
                return Uni.createFrom().item(ConsoleSessions.toLoginPage(refused.refusal().key));
            }
            return sessions.openInBrowser(((LoginCodes.Redemption.Valid) redemption).who(), "login-code", secure);
        });
    }
}
