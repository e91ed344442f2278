package dev.cascade.policy.pack;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a rule asks for when its condition holds, least strict first: deny beats approval beats permit. */
public enum Effect {
    /** Adds the rule's constraints; cannot lift another rule's approval or deny. */
    PERMIT("permit"),
    /** The provider's approver must decide. */
    REQUIRE_APPROVAL("require-approval"),
    DENY("deny");

    private final String wire;

    Effect(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean atLeastAsStrictAs(Effect other) {
        return compareTo(other) >= 0;
    }

    public static Effect strictest(Effect a, Effect b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static Effect fromWire(String text) {
        for (Effect e : values()) {
            if (e.wire.equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown effect '" + text + "'; allowed: "
                + Arrays.stream(values()).map(Effect::wire).collect(Collectors.joining(", ")));
    }
}
