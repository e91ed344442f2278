package dev.cascade.protocol.catalog;

import java.util.Locale;

/**
 * Which source connector feeds a resource: a provider upload, an HTTP pull, a PostgreSQL table, or
 * (for a data service, 接口) a department endpoint called once per consumer call. The wire name is the
 * lower-case constant name.
 */
public enum SourceKind {
    UPLOAD, HTTP, POSTGRES, SERVICE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceKind fromWire(String text) {
        return WireNames.parse(values(), SourceKind::wire, "source kind", text);
    }
}
