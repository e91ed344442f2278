package dev.cascade.node.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The check every request made with a console session passes, wherever it is served (REST
 * operations through {@link SessionGuard}, the streamed data upload route directly): a change must
 * echo the session's CSRF token in a header another site's page cannot set, and a logged-out
 * session is refused although its token would still verify until expiry. Bearer tokens carry no
 * session and pass untouched.
 */
@ApplicationScoped
public class SessionCheck {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    ConsoleSessions sessions;

    /** Completes when the request may go on; fails with the problem to answer otherwise. */
    public Uni<Void> admit(JsonWebToken token, String method, String csrfHeader) {
        String sid = token == null ? null : token.getClaim(ConsoleSessions.SID_CLAIM);
        if (sid == null) {
            return Uni.createFrom().voidItem();
        }
        if (!SAFE.contains(method) && !csrfMatches(token, csrfHeader)) {
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

    private static boolean csrfMatches(JsonWebToken token, String sent) {
        String expected = token.getClaim(ConsoleSessions.CSRF_CLAIM);
        return sent != null && expected != null
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
