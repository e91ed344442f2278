package dev.cascade.policy.detect;

/**
 * Recognises values of one {@link SensitiveType}. Implementations validate (check digits,
 * calendars, allocation tables) rather than match a shape, so that "looks like an ID number" and
 * "is an ID number" differ. They normalise their input themselves (see {@link ValueText}) and are
 * stateless and thread-safe.
 */
public interface Detector {

    SensitiveType type();

    /** True if {@code value} is a valid value of {@link #type()}; null and blank are never valid. */
    boolean matches(String value);

    /**
     * How strongly {@code value} supports {@link #type()}, in [0, 1]: 1 for a match, 0 for none.
     * Detectors with weaker forms of a match (a Latin-script "Given Family" name) answer less than 1,
     * so a column of such values needs more than their share to be labelled.
     */
    default double evidence(String value) {
        return matches(value) ? 1.0 : 0.0;
    }
}
