package dev.cascade.policy.mask;

import java.util.Objects;

/**
 * A masking function could not produce a masked value, or could not be built.
 *
 * <p>Thrown instead of ever passing the original value through: a delivery that hits this must
 * fail or drop the field, never fall back to the raw value. The message names the function (its
 * {@link MaskSpec#text()} form) and why, but never quotes the value: exception messages end up in
 * logs, which sit outside the masking boundary.
 */
public final class MaskingException extends RuntimeException {

    /** Why masking failed; one mapping each to problem+json and gRPC status is enough. */
    public enum Reason {
        /** The value does not have the form the generalisation needs (not a date, not a region code). */
        VALUE_NOT_PARSEABLE,
        /** Too few characters for FF1: the shape's number of values is below SP 800-38G's 1,000,000. */
        BELOW_FPE_DOMAIN,
        /** The key source has no key with the spec's key id. */
        UNKNOWN_KEY,
        /** The key exists but is for another algorithm than the spec asks for. */
        KEY_ALGORITHM_MISMATCH
    }

    private final String function;
    private final Reason reason;

    public MaskingException(String function, Reason reason, String why) {
        super(function + ": " + why);
        this.function = Objects.requireNonNull(function, "function");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The masking function in its spec text form, e.g. {@code generalise(date-month)}. */
    public String function() {
        return function;
    }

    public Reason reason() {
        return reason;
    }
}
