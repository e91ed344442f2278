package dev.cascade.protocol.supervision;

import java.util.Locale;
import java.util.Optional;

/** A risk alert's lifecycle: open → acknowledged → resolved (or open → resolved); never back. */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED;

    public boolean canMoveTo(AlertState next) {
        return next.compareTo(this) > 0;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (AlertState s : values()) {
            if (s.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
