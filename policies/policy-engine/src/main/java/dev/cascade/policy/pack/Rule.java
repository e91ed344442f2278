package dev.cascade.policy.pack;

import dev.cascade.policy.condition.Condition;
import java.util.Objects;

/**
 * One rule of a pack.
 *
 * @param when   the compiled CEL condition; the rule fires when it holds
 * @param reason the text a decision gives when this rule fired
 * @param line   where the rule starts in its pack file
 */
public record Rule(String id, String description, RuleScope scope, Condition when, Effect effect,
                   RuleConstraints constraints, String reason, int line) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(constraints, "constraints");
        Objects.requireNonNull(reason, "reason");
    }
}
