package dev.cascade.policy.detect;

import java.util.Objects;
import java.util.Optional;

/**
 * One value of the evaluation corpus with the type it truly is, known by construction.
 *
 * @param value the text as it would appear in a table cell
 * @param truth the one type the value is, or empty if it is none of them
 * @param kind  how it was made ("citizen-id/legacy-15", "not-bank-card/luhn-fails"), so that a
 *              figure can be traced back to the values behind it
 */
public record LabelledValue(String value, Optional<SensitiveType> truth, String kind) {

    public LabelledValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(kind, "kind");
    }

    static LabelledValue positive(SensitiveType type, String variant, String value) {
        return new LabelledValue(value, Optional.of(type), type.token() + "/" + variant);
    }

    static LabelledValue negative(String family, String variant, String value) {
        return new LabelledValue(value, Optional.empty(), family + "/" + variant);
    }
}
