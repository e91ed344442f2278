package dev.cascade.node.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Pem;

/**
 * The key that signs a node's bearer tokens. Operator tokens for the admin API are minted by the
 * ops CLI: only someone who can read the node's data directory can mint them, which is exactly who
 * may administer the node. Department tokens ({@link #mint} with another audience) are minted by the
 * serving node itself, which reads the private half from its own data directory when it issues one.
 */
public final class TokenSigningKey {

    public static final String AUDIENCE = "cascade-admin";
    public static final String ROLE = "node-admin";
    static final String PRIVATE_FILE = "pki/admin-jwt.key";
    public static final String PUBLIC_FILE = "admin-jwt.pub.pem";

    private TokenSigningKey() {
    }

    public static String issuer(RegionCode region) {
        return "cascade-node/" + region.code();
    }

    /** Creates the key pair once, at init or join; the private half is 0600 from creation. */
    public static void create(Path dataDir) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            Path priv = dataDir.resolve(PRIVATE_FILE);
            Files.createDirectories(priv.getParent());
            Files.deleteIfExists(priv);
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, Pem.writePrivateKey(pair.getPrivate()), StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(dataDir.resolve(PUBLIC_FILE), pem(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the admin key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin key: " + e.getMessage(), e);
        }
    }

    /** A short-lived operator token for the node in {@code dataDir}. */
    public static String mintToken(Path dataDir, RegionCode region, String operator, Duration ttl) {
        return mint(dataDir, region, operator, AUDIENCE, List.of(ROLE), Map.of(), ttl);
    }

    /**
     * A token signed with the node's key. Operator and department tokens share the key and the
     * issuer; the audience keeps them apart, and the groups say what the bearer may do.
     */
    public static String mint(Path dataDir, RegionCode region, String subject, String audience,
                              Collection<String> groups, Map<String, Object> extraClaims, Duration ttl) {
        Path priv = dataDir.resolve(PRIVATE_FILE);
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(Files.readString(priv));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the admin key " + priv + ": " + e.getMessage(), e);
        }
        JwtClaims claims = new JwtClaims();
        // Extra claims first, so none of them can replace issuer, audience, subject or groups.
        extraClaims.forEach(claims::setClaim);
        claims.setIssuer(issuer(region));
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.copyOf(groups));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plus(ttl).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static String pem(Object key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(key);
        }
        return out.toString();
    }
}
