package dev.cascade.node.console.oidc;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies an ID token as OpenID Connect Core §3.1.3.7 asks: signed by a key of the provider's
 * JWKS with an asymmetric algorithm (never {@code none}, never a MAC keyed with the client secret),
 * issued by the configured issuer, for this client, unexpired, and carrying the nonce of the login
 * it answers. Reasons name the failed check only: jose4j's own messages may quote the token.
 */
final class IdTokenCheck {

    static final int CLOCK_SKEW_SECONDS = 60;
    private static final AlgorithmConstraints ASYMMETRIC = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    private final String clientId;

    IdTokenCheck(String clientId) {
        this.clientId = clientId;
    }

    JwtClaims verify(ProviderMetadata provider, String idToken, String nonce) throws LoginRefused {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(provider.keys())
                .setJwsAlgorithmConstraints(ASYMMETRIC)
                .setExpectedIssuer(provider.issuer())
                .setExpectedAudience(clientId)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw new LoginRefused("ID token refused: " + reason(e));
        }
        try {
            List<String> audience = claims.getAudience();
            // Core §3.1.3.7 (4, 5): a token for several audiences must say it was issued to this client.
            if (audience.size() > 1 && !clientId.equals(claims.getStringClaimValue("azp"))) {
                throw new LoginRefused("ID token refused: several audiences and azp is not " + clientId);
            }
            String claimed = claims.getStringClaimValue("nonce");
            if (claimed == null || !MessageDigest.isEqual(claimed.getBytes(StandardCharsets.UTF_8),
                    nonce.getBytes(StandardCharsets.UTF_8))) {
                throw new LoginRefused("ID token refused: its nonce is not the one of this login");
            }
        } catch (MalformedClaimException e) {
            throw new LoginRefused("ID token refused: a claim (aud, azp or nonce) is malformed");
        }
        return claims;
    }

    /** The first failed check jose4j reports, in the node's words; other codes are named by number. */
    private static String reason(InvalidJwtException e) {
        for (ErrorCodeValidator.Error error : e.getErrorDetails()) {
            String known = switch (error.getErrorCode()) {
                case ErrorCodes.SIGNATURE_INVALID -> "its signature does not verify with the provider's keys";
                case ErrorCodes.SIGNATURE_MISSING -> "it is not signed";
                case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> "its audience does not include the client id";
                case ErrorCodes.ISSUER_INVALID, ErrorCodes.ISSUER_MISSING -> "its issuer is not the configured issuer";
                case ErrorCodes.EXPIRED -> "it has expired";
                case ErrorCodes.EXPIRATION_MISSING -> "it has no expiry";
                case ErrorCodes.NOT_YET_VALID -> "it is not valid yet";
                case ErrorCodes.SUBJECT_MISSING -> "it names no subject";
                default -> null;
            };
            if (known != null) {
                return known;
            }
        }
        // An unknown key id, a refused algorithm, malformed JSON: told apart by jose4j's codes.
        return "jose4j error codes " + e.getErrorDetails().stream().map(d -> String.valueOf(d.getErrorCode())).toList();
    }
}
