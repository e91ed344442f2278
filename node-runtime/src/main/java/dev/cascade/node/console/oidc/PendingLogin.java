package dev.cascade.node.console.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * A login between the redirect to the provider and the browser's return: the values that bind the
 * answer to this very browser and this very request. {@code state} comes back in the callback's
 * URL, {@code nonce} inside the ID token, and the PKCE {@code verifier} goes only to the token
 * endpoint, so a code stolen on its way back is worth nothing without it.
 */
record PendingLogin(String state, String nonce, String verifier, String redirectUri, Instant expiresAt) {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    static PendingLogin start(SecureRandom random, String redirectUri, Instant expiresAt) {
        return new PendingLogin(randomToken(random), randomToken(random), randomToken(random), redirectUri, expiresAt);
    }

    /** The S256 code challenge of RFC 7636 §4.2: BASE64URL(SHA-256(ASCII(verifier))). */
    String challenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** 256 random bits, base64url: 43 characters, within PKCE's 43 to 128 for the verifier. */
    static String randomToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }
}
