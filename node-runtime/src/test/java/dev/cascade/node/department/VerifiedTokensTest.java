package dev.cascade.node.department;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remembered token is the same token, still valid: nothing else is ever served from memory. */
class VerifiedTokensTest {

    private static final RegionCode REGION = RegionCode.parse("440100");

    @TempDir
    Path dir;

    private final AtomicInteger verifications = new AtomicInteger();
    private JWTParser counting;

    @BeforeEach
    void nodeKey() throws Exception {
        TokenSigningKey.create(dir);
        JWTAuthContextInfo context = new JWTAuthContextInfo(
                publicKey(), TokenSigningKey.issuer(REGION));
        context.setSignatureAlgorithm(java.util.Set.of(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256));
        DefaultJWTParser real = new DefaultJWTParser(context);
        counting = (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JWTParser.class},
                (proxy, method, args) -> {
                    verifications.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private java.security.PublicKey publicKey() throws Exception {
        try (var pem = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(dir.resolve(TokenSigningKey.PUBLIC_FILE)))) {
            return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .getPublicKey((org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) pem.readObject());
        }
    }

    private String token(Duration ttl) {
        return TokenSigningKey.mint(dir, REGION, "statistics", "cascade-dept", List.of("consumer"), Map.of(), ttl);
    }

    @Test
    void theSameTokenIsVerifiedOnceAndAnsweredFromMemoryAfterwards() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC());
        String token = token(Duration.ofMinutes(10));

        JsonWebToken first = tokens.parse(token);
        JsonWebToken second = tokens.parse(token);

        assertThat(first.getName()).isEqualTo("statistics");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenWithAChangedSignatureIsVerifiedAndRefusedEvenWhileTheOriginalIsRemembered() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC());
        String token = token(Duration.ofMinutes(10));
        tokens.parse(token);
        int dot = token.lastIndexOf('.');
        char c = token.charAt(dot + 5);
        String forged = token.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 6);

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aRememberedTokenPastItsExpiryIsVerifiedAgain() throws Exception {
        String token = token(Duration.ofMinutes(10));
        Instant[] now = {Instant.now()};
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.fixed(now[0], ZoneOffset.UTC));
        tokens.parse(token);
        VerifiedTokens later = new VerifiedTokens(counting, Clock.fixed(now[0].plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
        later.parse(token);
        later.parse(token); // remembered at "11 minutes later", but past its exp: verified every time
        tokens.parse(token); // at "now" it is live: from memory

        assertThat(verifications).hasValue(3);
    }

    @Test
    void anExpiredTokenIsRefusedAndNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(counting, Clock.systemUTC());
        String expired = token(Duration.ofMinutes(-5));

        assertThatThrownBy(() -> tokens.parse(expired)).isInstanceOf(ParseException.class);
        assertThat(tokens.size()).isZero();
    }
}
