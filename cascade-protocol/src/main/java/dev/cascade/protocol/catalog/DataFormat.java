package dev.cascade.protocol.catalog;

import java.util.Locale;

/** How a resource is delivered: a file (CSV, JSON Lines), a pass-through API, or a database table. The wire name is the lower-case constant name. */
public enum DataFormat {
    CSV, JSONL, API, TABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DataFormat fromWire(String text) {
        return WireNames.parse(values(), DataFormat::wire, "data format", text);
    }
}
