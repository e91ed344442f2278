package dev.cascade.node.onboarding;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.JoinToken;
import io.smallrye.mutiny.Uni;

/** Issues one-time, short-lived join tokens for this node's direct children. */
@ApplicationScoped
public class JoinTokens {

    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofHours(24);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;

    private final SecureRandom random = new SecureRandom();

    public record IssuedToken(String token, RegionCode region, Instant expiresAt) {
    }

    /** A token as the operator lists it: never its secret, which only its holder has. */
    public record ListedToken(String id, String region, Instant createdAt, Instant expiresAt, Instant usedAt) {
    }

    /** Every token this node issued, newest first, used and expired ones included. */
    public Uni<List<ListedToken>> list() {
        return sessions.withSession(s -> s.createSelectionQuery("from JoinTokenRecord t order by t.createdAt desc, t.id",
                        JoinTokenRecord.class).getResultList())
                .map(all -> all.stream().map(t -> new ListedToken(t.id, t.region, t.createdAt, t.expiresAt, t.usedAt)).toList());
    }

    public Uni<IssuedToken> create(RegionCode child, Duration ttl, String actor) {
        if (!node.region().isParentOf(child)) {
            throw ProblemException.badRequest("a join token for " + child + " cannot be created at " + node.region()
                    + ": only direct children may join here"
                    + child.parent().map(p -> " (the parent of " + child + " is " + p + ")").orElse(""));
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw ProblemException.badRequest("token lifetime " + ttl + " must be between " + MIN_TTL + " and " + MAX_TTL);
        }
        JoinToken token = JoinToken.generate(random, Fingerprints.pin(node.credentials().root()));
        Instant now = node.clock().instant();
        JoinTokenRecord record = new JoinTokenRecord();
        record.id = token.id();
        record.secretHash = token.secretHash();
        record.region = child.code();
        record.createdAt = now;
        record.expiresAt = now.plus(ttl);
        return sessions.withTransaction(s -> s.persist(record)
                        .chain(() -> events.append(s, EventType.JOIN_TOKEN_CREATED, actor, child.code(),
                                "token " + token.id() + " expires " + record.expiresAt)))
                .replaceWith(new IssuedToken(token.encode(), child, record.expiresAt));
    }
}
