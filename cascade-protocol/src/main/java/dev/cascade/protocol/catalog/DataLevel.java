package dev.cascade.protocol.catalog;

/**
 * Data classification levels of GB/T 43697-2024 (数据安全技术 数据分类分级规则), least sensitive
 * first: general data in four sub-levels (L1 public … L4 highly sensitive), then important data,
 * then core data. The declaration order is the sensitivity order; {@link #atLeast} relies on it.
 */
public enum DataLevel {
    L1("L1"),
    L2("L2"),
    L3("L3"),
    L4("L4"),
    IMPORTANT("important"),
    CORE("core");

    private final String wire;

    DataLevel(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True if this level is as sensitive as {@code other} or more. */
    public boolean atLeast(DataLevel other) {
        return compareTo(other) >= 0;
    }

    public static DataLevel fromWire(String text) {
        return WireNames.parse(values(), DataLevel::wire, "data level", text);
    }
}
