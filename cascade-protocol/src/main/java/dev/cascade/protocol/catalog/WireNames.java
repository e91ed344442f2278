package dev.cascade.protocol.catalog;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parsing of the lower-case wire names the catalog enums travel as (JSON, protobuf strings, SQL).
 * Matching is exact: a wire name is protocol, so "Conditional" is refused rather than guessed at,
 * and the refusal lists what would have been accepted.
 */
final class WireNames {

    private WireNames() {
    }

    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wire, String what, String text) {
        for (E value : values) {
            if (wire.apply(value).equals(text)) {
                return value;
            }
        }
        String allowed = Arrays.stream(values).map(wire).collect(Collectors.joining(", "));
        String shown = text == null ? "(missing)" : "'" + text + "'";
        throw new IllegalArgumentException("unknown " + what + " " + shown + "; allowed: " + allowed);
    }
}
