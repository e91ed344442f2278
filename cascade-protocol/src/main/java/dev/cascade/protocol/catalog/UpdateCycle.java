package dev.cascade.protocol.catalog;

import java.util.Locale;

/** How often the provider refreshes a resource. The wire name is the lower-case constant name. */
public enum UpdateCycle {
    REALTIME, DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY, IRREGULAR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UpdateCycle fromWire(String text) {
        return WireNames.parse(values(), UpdateCycle::wire, "update cycle", text);
    }
}
