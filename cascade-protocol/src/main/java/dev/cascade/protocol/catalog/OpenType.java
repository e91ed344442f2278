package dev.cascade.protocol.catalog;

/** Whether a resource may be opened to the public (公共数据开放类型), as opposed to shared between bodies. */
public enum OpenType {
    OPEN("open"),
    CONDITIONAL("conditional"),
    NOT_OPEN("not_open");

    private final String wire;

    OpenType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static OpenType fromWire(String text) {
        return WireNames.parse(values(), OpenType::wire, "open type", text);
    }
}
