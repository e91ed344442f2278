package dev.cascade.node.problem;

import java.time.Instant;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.InvalidJwtSignatureException;

/**
 * Why a bearer token was refused, in words a caller can act on. The JWT library reports the
 * reason as error codes deep in the cause chain of the authentication failure; the message of the
 * outer exception only says that verification failed.
 */
final class TokenRejection {

    private TokenRejection() {
    }

    static String reason(Throwable failure) {
        InvalidJwtException invalid = find(failure, InvalidJwtException.class);
        if (invalid == null) {
            return innermostMessage(failure);
        }
        if (invalid instanceof InvalidJwtSignatureException || invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "signature does not verify with this node's key";
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "token is not signed";
        }
        if (invalid.hasExpired()) {
            return "expired" + claim(invalid, Claim.EXPIRES);
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "audience" + claim(invalid, Claim.AUDIENCE) + " is not accepted by this node";
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "issuer" + claim(invalid, Claim.ISSUER) + " is not this node";
        }
        if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "not valid yet";
        }
        if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "no expiry";
        }
        return invalid.getErrorDetails().isEmpty() ? "malformed" : invalid.getErrorDetails().get(0).getErrorMessage();
    }

    private enum Claim { EXPIRES, AUDIENCE, ISSUER }

    /** The offending value, when the token could be parsed far enough to read it. */
    private static String claim(InvalidJwtException e, Claim which) {
        if (e.getJwtContext() == null || e.getJwtContext().getJwtClaims() == null) {
            return "";
        }
        var claims = e.getJwtContext().getJwtClaims();
        try {
            return switch (which) {
                case EXPIRES -> claims.getExpirationTime() == null ? ""
                        : " at " + Instant.ofEpochSecond(claims.getExpirationTime().getValue());
                case AUDIENCE -> claims.getAudience().isEmpty() ? " (none)" : " " + String.join(",", claims.getAudience());
                case ISSUER -> claims.getIssuer() == null ? " (none)" : " " + claims.getIssuer();
            };
        } catch (MalformedClaimException malformed) {
            return " (malformed)";
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String innermostMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? "not accepted" : message;
    }
}
