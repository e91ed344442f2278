package dev.cascade.protocol.supervision;

import java.util.Locale;
import java.util.Optional;

/**
 * How serious a risk alert is. High and critical alerts climb to every ancestor (a province and
 * national must see them); low and medium ones stop at the parent, which supervises the node.
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** Whether an alert of this severity climbs past the origin's parent. */
    public boolean reachesEveryAncestor() {
        return compareTo(HIGH) >= 0;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Severity s : values()) {
            if (s.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
