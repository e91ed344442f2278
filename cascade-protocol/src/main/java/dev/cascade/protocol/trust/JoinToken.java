package dev.cascade.protocol.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A one-time join token, written {@code cjt1.<id>.<secret>.<rootPin>}.
 *
 * <p>The id looks the token up, the secret proves the child holds it, and the root pin lets the
 * child authenticate the parent's TLS server before it has any certificate (like kubeadm's
 * discovery-token CA hash). The parent stores only {@link #secretHash()}, so a leaked database
 * does not yield usable tokens.
 *
 * @param id      16 lower-case hex characters (8 random bytes)
 * @param secret  base64url without padding of 32 random bytes
 * @param rootPin {@link Fingerprints#pin} of the hierarchy's root
 */
public record JoinToken(String id, String secret, String rootPin) {

    private static final String PREFIX = "cjt1";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern BASE64URL_256_BITS = Pattern.compile("[A-Za-z0-9_-]{43}");

    public JoinToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("join token id must be 16 lower-case hex characters");
        }
        if (secret == null || !BASE64URL_256_BITS.matcher(secret).matches() || !decodes(secret)) {
            throw new IllegalArgumentException("join token secret must be 32 bytes in unpadded base64url");
        }
        if (rootPin == null || !BASE64URL_256_BITS.matcher(rootPin).matches() || !decodes(rootPin)) {
            throw new IllegalArgumentException("join token root pin must be a SHA-256 in unpadded base64url");
        }
    }

    public static JoinToken generate(SecureRandom random, String rootPin) {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new JoinToken(HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret), rootPin);
    }

    /** @throws IllegalArgumentException naming what is wrong, never echoing the secret */
    public static JoinToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("join token is empty");
        }
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("join token must have 4 dot-separated parts (cjt1.<id>.<secret>.<root pin>), found "
                    + parts.length);
        }
        if (!parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("join token must start with '" + PREFIX + ".'");
        }
        return new JoinToken(parts[1], parts[2], parts[3]);
    }

    public String encode() {
        return PREFIX + "." + id + "." + secret + "." + rootPin;
    }

    /** What the parent stores instead of the secret: lower-case hex SHA-256 of the secret text. */
    public String secretHash() {
        return hash(secret);
    }

    /** Constant-time comparison of a presented secret against a stored {@link #secretHash()}. */
    public static boolean secretMatches(String secret, String storedHash) {
        if (secret == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hash(String secret) {
        return Fingerprints.sha256Hex(secret.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean decodes(String base64url) {
        try {
            return Base64.getUrlDecoder().decode(base64url).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "JoinToken[id=" + id + ", rootPin=" + rootPin + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinToken that && id.equals(that.id) && secret.equals(that.secret)
                && rootPin.equals(that.rootPin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, secret, rootPin);
    }
}
