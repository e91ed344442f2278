package dev.cascade.node.department;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token parser Quarkus authenticates every request with, remembering the tokens it has
 * verified until they expire. A department system sends the same token on every call, and checking
 * its ES256 signature each time was the largest single cost of a request at the consumer node (JDK
 * 17's P-256 is pure Java). Only a byte-for-byte identical token is served from memory, so a changed
 * or re-signed one is verified afresh; whether its department may still act is checked per request
 * by {@link DepartmentGate}, not here.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Enough for every department system of a node many times over; past it, expired ones go first. */
    static final int CAPACITY = 10_000;

    private final JWTParser verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedTokens(DefaultJWTParser verifier) {
        this(verifier, Clock.systemUTC());
    }

    VerifiedTokens(JWTParser verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null) {
            if (live(known)) {
                return known;
            }
            verified.remove(token, known);
        }
        JsonWebToken fresh = verifier.parse(token);
        if (verified.size() >= CAPACITY) {
            verified.values().removeIf(t -> !live(t));
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
        }
        verified.put(token, fresh);
        return fresh;
    }

    // Stricter than the parser's own check, which allows clock skew: a remembered token ends at its exp.
    private boolean live(JsonWebToken token) {
        return token.getExpirationTime() > clock.instant().getEpochSecond();
    }

    int size() {
        return verified.size();
    }

    // The other entry points are not on the per-request path: they verify every time.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
