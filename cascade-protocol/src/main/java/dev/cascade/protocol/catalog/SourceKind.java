package dev.cascade.protocol.catalog;

import java.util.Locale;

/** Which source connector feeds a resource: a provider upload, an HTTP pull, or a PostgreSQL table. The wire name is the lower-case constant name. */
public enum SourceKind {
    UPLOAD, HTTP, POSTGRES;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceKind fromWire(String text) {
        return WireNames.parse(values(), SourceKind::wire, "source kind", text);
    }
}
