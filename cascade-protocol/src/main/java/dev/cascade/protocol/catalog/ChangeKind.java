package dev.cascade.protocol.catalog;

import java.util.Locale;

/** What a catalog change does to its resource; a withdrawal is a tombstone, never a deletion. */
public enum ChangeKind {
    UPSERT,
    WITHDRAW;

    /** "upsert" / "withdraw", as stored in catalog_change.kind. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChangeKind fromWire(String text) {
        return WireNames.parse(values(), ChangeKind::wire, "change kind", text);
    }
}
