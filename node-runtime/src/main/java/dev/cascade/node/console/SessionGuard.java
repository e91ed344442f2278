package dev.cascade.node.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * In front of every REST request made with a console session: its changes must echo the session's
 * CSRF token in a header another site's page cannot set, and a logged-out session is refused although
 * its token would still verify until expiry. Bearer tokens carry no session and pass untouched.
 */
public class SessionGuard {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    JsonWebToken token;
    @Inject
    ConsoleSessions sessions;

    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> guard(ContainerRequestContext request) {
        String sid = token.getClaim(ConsoleSessions.SID_CLAIM);
        if (sid == null) {
            return Uni.createFrom().nullItem();
        }
        if (!SAFE.contains(request.getMethod()) && !csrfMatches(request.getHeaderString(CSRF_HEADER))) {
            return Uni.createFrom().failure(ProblemException.forbidden("missing or wrong " + CSRF_HEADER
                    + " header: a console session's changes must carry the csrfToken of GET /api/v1/session"));
        }
        return sessions.live(sid).map(live -> {
            if (!live) {
                throw new ProblemException(401, "Unauthorized", "the console session has ended (logged out or expired): log in again");
            }
            return null;
        });
    }

    private boolean csrfMatches(String sent) {
        String expected = token.getClaim(ConsoleSessions.CSRF_CLAIM);
        return sent != null && expected != null
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
