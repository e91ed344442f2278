package dev.cascade.node.console;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.department.Departments;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Console sessions. A session is a token of the very kind the REST API already verifies (a
 * department or operator token signed with the node's key), carried in an HttpOnly cookie instead
 * of a header, plus two claims: {@value #SID_CLAIM}, whose row logout ends, and
 * {@value #CSRF_CLAIM}, which every state-changing request must echo in a header (docs/console.md).
 */
@ApplicationScoped
public class ConsoleSessions {

    public static final String SID_CLAIM = "sid";
    public static final String CSRF_CLAIM = "csrf";
    static final String OPERATOR_SUBJECT = "operator@console";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    CascadeConfig config;
    @Inject
    Departments departments;

    /** A started session: the token for the cookie, and when it ends. */
    public record Started(String token, String sid, Instant expiresAt, Duration ttl) {
    }

    /**
     * Opens a session for an identity already proven (a spent login code, or an identity provider's
     * token); a department must still exist and not be suspended.
     *
     * @param via how the person proved it: {@code login-code}, or {@code oidc:<subject at the provider>}
     */
    public Uni<Started> start(ConsoleIdentity who, String via) {
        Uni<Void> admitted = who.dept().map(departments::requireActive).orElse(Uni.createFrom().voidItem());
        return admitted.chain(() -> {
            Duration ttl = config.console().sessionTtl();
            Instant now = node.clock().instant();
            SessionRecord record = new SessionRecord();
            record.id = UUID.randomUUID().toString();
            record.dept = who.dept().orElse(null);
            record.roles = who.rolesColumn();
            // The column keeps the way of login; the ledger entry below keeps who at the provider, if any.
            record.via = via.contains(":") ? via.substring(0, via.indexOf(':')) : via;
            record.startedAt = now;
            record.expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
            String token = mint(who, record.id, ttl);
            return sessions.withTransaction(s -> s.persist(record)
                    .chain(() -> events.append(s, EventType.CONSOLE_SESSION_STARTED, who.subject(), who.subject(),
                            "console session " + record.id + " via " + via + ", roles " + who.rolesColumn() + ", until "
                                    + record.expiresAt))
                    .replaceWith(new Started(token, record.id, record.expiresAt, ttl)));
        });
    }

    /**
     * Starts a session and answers the browser: 303 to the console with the session cookie, or to the
     * login page saying why not (the department is unknown or suspended). Used by every way of logging in.
     *
     * @param secure whether the request came over TLS, so the cookie is marked Secure
     */
    public Uni<Response> openInBrowser(ConsoleIdentity who, String via, boolean secure) {
        return start(who, via)
                .map(started -> Response.seeOther(URI.create("/console/"))
                        .header("Set-Cookie", SessionCookie.set(started.token(), started.ttl(), secure))
                        .header("Cache-Control", "no-store")
                        .build())
                .onFailure(ProblemException.class).recoverWithItem(e -> {
                    LOG.infof("console login (%s) for %s refused: %s", via, who.subject(), e.getMessage());
                    return toLoginPage("department");
                });
    }

    /** Whether people reach the console over TLS terminated in front of the node (its public URL is https). */
    boolean behindTls() {
        return config.console().publicUrl().map(u -> u.startsWith("https:")).orElse(false);
    }

    /** The console's login page, showing {@code reason} (unknown, used, expired, department, oidc). */
    public static Response toLoginPage(String reason) {
        return Response.seeOther(URI.create("/console/#/login?error=" + reason)).header("Cache-Control", "no-store").build();
    }

    /** Ends a session (logout); ending it twice changes nothing. */
    public Uni<Void> end(String sid, String actor) {
        Instant now = node.clock().instant();
        return sessions.withTransaction(s -> s.find(SessionRecord.class, sid).chain(record -> {
            if (record == null || record.endedAt != null) {
                return Uni.createFrom().voidItem();
            }
            record.endedAt = now;
            return events.append(s, EventType.CONSOLE_SESSION_ENDED, actor, record.dept == null ? "operator" : record.dept,
                    "console session " + sid + " logged out");
        }));
    }

    /** Whether a session's token may still be used: it exists, was not logged out, and has not expired. */
    public Uni<Boolean> live(String sid) {
        Instant now = node.clock().instant();
        return sessions.withSession(s -> s.find(SessionRecord.class, sid))
                .map(r -> r != null && r.endedAt == null && now.isBefore(r.expiresAt));
    }

    private String mint(ConsoleIdentity who, String sid, Duration ttl) {
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        Map<String, Object> claims = new HashMap<>();
        claims.put(SID_CLAIM, sid);
        claims.put(CSRF_CLAIM, Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
        if (who.operator()) {
            return TokenSigningKey.mint(config.dataDir(), node.region(), OPERATOR_SUBJECT, TokenSigningKey.AUDIENCE,
                    who.roles(), claims, ttl);
        }
        return departments.mintToken(who.dept().orElseThrow(), who.roles(), claims, ttl);
    }
}
