package dev.cascade.node.cli;

import java.time.Duration;

/** The {@code --ttl} values of the ops commands: a count and a unit, e.g. 90s, 15m, 2h, 30d. */
final class Ttl {

    private Ttl() {
    }

    static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase();
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CliFailure("--ttl '" + text + "' is not a duration like 90s, 15m, 2h or 30d");
        }
    }
}
