package dev.cascade.policy.inherit;

import dev.cascade.policy.pack.Rule;
import java.util.Objects;

/** A rule of an effective pack together with the pack that contributed it. */
public record PackRule(String packId, Rule rule) {

    public PackRule {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(rule, "rule");
    }
}
