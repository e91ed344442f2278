package dev.cascade.policy.decision;

import dev.cascade.policy.pack.Effect;
import java.util.Objects;

/**
 * A rule that fired, and what it says.
 *
 * @param packId the pack that holds the rule, or {@link #ENGINE} for the engine's own checks
 * @param field  for a field-scope rule, the field it fired on; null otherwise
 */
public record Reason(String packId, String ruleId, Effect effect, String field, String text) {

    /** Pack id of reasons the engine gives itself (an unknown field, nothing left to deliver). */
    public static final String ENGINE = "cascade";

    public Reason {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(text, "text");
    }

    Reason onField(String fieldName) {
        return new Reason(packId, ruleId, effect, fieldName, text);
    }

    @Override
    public String toString() {
        return packId + "/" + ruleId + (field == null ? "" : "[" + field + "]") + " (" + effect.wire() + "): " + text;
    }
}
