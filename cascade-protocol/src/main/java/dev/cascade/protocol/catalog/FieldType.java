package dev.cascade.protocol.catalog;

import java.util.Locale;

/** The type of one data item (field) of a resource. The wire name is the lower-case constant name. */
public enum FieldType {
    STRING, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FieldType fromWire(String text) {
        return WireNames.parse(values(), FieldType::wire, "field type", text);
    }
}
