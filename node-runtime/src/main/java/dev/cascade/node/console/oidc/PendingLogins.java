package dev.cascade.node.console.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins on their way through the provider, in memory, keyed by the random value of the browser's
 * short-lived login cookie. Each is taken once: a callback replayed, or arriving after
 * {@value #TTL_SECONDS} s, finds nothing. The map is bounded because anyone may start a login.
 */
final class PendingLogins {

    static final long TTL_SECONDS = 600;
    static final Duration TTL = Duration.ofSeconds(TTL_SECONDS);
    static final int MAX_PENDING = 10_000;

    private final ConcurrentHashMap<String, PendingLogin> pending = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    /** A started login and the key its cookie carries. */
    record Started(String key, PendingLogin login) {
    }

    PendingLogins(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    Started start(String redirectUri) throws LoginRefused {
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> p.expiresAt().isBefore(clock.instant()));
            if (pending.size() >= MAX_PENDING) {
                throw new LoginRefused(MAX_PENDING + " logins are pending already");
            }
        }
        PendingLogin login = PendingLogin.start(random, redirectUri, clock.instant().plus(TTL));
        String key = PendingLogin.randomToken(random);
        pending.put(key, login);
        return new Started(key, login);
    }

    /** The login the cookie names, removed whatever comes next; empty when unknown or expired. */
    Optional<PendingLogin> take(String key) {
        if (key == null) {
            return Optional.empty();
        }
        PendingLogin login = pending.remove(key);
        return Optional.ofNullable(login).filter(l -> l.expiresAt().isAfter(clock.instant()));
    }

    int size() {
        return pending.size();
    }
}
