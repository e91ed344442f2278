package dev.cascade.protocol.catalog;

/** Whether other government bodies may obtain a resource (政务数据共享类型). */
public enum SharingType {
    UNCONDITIONAL("unconditional"),
    /** Shared only under the condition stated in the descriptor's sharingCondition. */
    CONDITIONAL("conditional"),
    NOT_SHAREABLE("not_shareable");

    private final String wire;

    SharingType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SharingType fromWire(String text) {
        return WireNames.parse(values(), SharingType::wire, "sharing type", text);
    }
}
