package dev.cascade.node.console.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.cascade.node.testing.JsonReplies;

/**
 * A small but real OpenID provider on the loopback interface: discovery, a JWKS, an authorization
 * endpoint that logs everyone in at once and redirects back with a code, and a token endpoint that
 * checks the client's credentials, the redirect URI and the PKCE verifier before it signs an ID
 * token. What the next ID token says can be bent, one knob per refusal the node must make.
 */
final class FakeOidcProvider implements AutoCloseable {

    static final String CLIENT_ID = "cascade-console";
    static final String CLIENT_SECRET = "s3cret:with/odd chars";

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final RsaJsonWebKey rogue;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

    // What the next ID token says; reset before each test.
    volatile String dept;
    volatile Object roles;
    volatile String audience;
    volatile String nonce;
    volatile boolean signWithRogueKey;

    // What the provider last handed out, to be looked for where it must not appear.
    volatile String lastCode;
    volatile String lastIdToken;

    FakeOidcProvider() throws IOException, JoseException {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        // Same key id, other key: a token it signs resolves to the real key and must fail its signature.
        rogue = RsaJwkGenerator.generateJwk(2048);
        rogue.setKeyId("k1");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void reset() {
        dept = null;
        roles = null;
        audience = CLIENT_ID;
        nonce = null;
        signWithRogueKey = false;
        lastCode = null;
        lastIdToken = null;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange x) throws IOException {
        String base = issuer();
        JsonReplies.send(x, 200, "{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    private void jwks(HttpExchange x) throws IOException {
        JsonReplies.send(x, 200, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id"))
                || !"S256".equals(q.get("code_challenge_method")) || !"openid".equals(q.get("scope"))) {
            JsonReplies.send(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, q);
        lastCode = code;
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET))
                .getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(x.getRequestMethod()) || !basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            JsonReplies.send(x, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> f;
        try (InputStream in = x.getRequestBody()) {
            f = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, String> authorized = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (!"authorization_code".equals(f.get("grant_type")) || authorized == null
                || !authorized.get("redirect_uri").equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null || !authorized.get("code_challenge").equals(s256(f.get("code_verifier")))) {
            JsonReplies.send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            String idToken = idToken(nonce != null ? nonce : authorized.get("nonce"));
            lastIdToken = idToken;
            JsonReplies.send(x, 200, "{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"id_token\":\"" + idToken + "\"}");
        } catch (JoseException e) {
            JsonReplies.send(x, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String idToken(String withNonce) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setAudience(audience);
        claims.setSubject("zhang.san@gd.gov");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setIssuedAtToNow();
        claims.setClaim("nonce", withNonce);
        if (dept != null) {
            claims.setClaim("cascade_dept", dept);
        }
        if (roles instanceof List<?> list) {
            claims.setStringListClaim("cascade_roles", list.stream().map(Object::toString).toList());
        } else if (roles != null) {
            claims.setClaim("cascade_roles", roles);
        }
        RsaJsonWebKey signer = signWithRogueKey ? rogue : key;
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
