package dev.cascade.policy.pack;

/** What a rule's condition judges: the request as a whole, or each requested field in turn. */
public enum RuleScope {
    REQUEST("request"),
    /** Evaluated once per requested field, which the condition sees as {@code field}. */
    FIELD("field");

    private final String wire;

    RuleScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static RuleScope fromWire(String text) {
        for (RuleScope s : values()) {
            if (s.wire.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + text + "'; allowed: request, field");
    }
}
