package dev.cascade.protocol.supervision;

import java.util.Locale;
import java.util.Optional;

/** What an emergency directive (应急处置) stops, and whether it holds at one node or a whole subtree. */
public enum DirectiveKind {
    /** A department at the target node may neither request nor receive. */
    SUSPEND_DEPARTMENT(false),
    /** A resource is neither requested nor delivered anywhere in the target's subtree. */
    SUSPEND_RESOURCE(true),
    /** Exchanges of a level and above are frozen in the target's subtree. */
    FREEZE_LEVEL(true),
    /** The target node delivers nothing and passes no delivery on. */
    PAUSE_DELIVERIES(false);

    private final boolean subtree;

    DirectiveKind(boolean subtree) {
        this.subtree = subtree;
    }

    /** Whether the directive holds at every node below its target as well as at the target. */
    public boolean coversSubtree() {
        return subtree;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DirectiveKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DirectiveKind k : values()) {
            if (k.key().equals(wanted)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
