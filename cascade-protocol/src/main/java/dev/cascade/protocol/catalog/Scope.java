package dev.cascade.protocol.catalog;

import dev.cascade.protocol.region.RegionCode;
import java.util.Objects;
import java.util.Optional;

/** How far up and down the tier tree a resource's catalog entry travels from its origin node. */
public enum Scope {
    /** Only the origin node lists it. */
    NODE("node"),
    /** The origin's province: the provincial node and every municipal node below it. */
    PROVINCE("province"),
    /** Every node of the hierarchy. */
    NATIONAL("national");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Scope fromWire(String text) {
        return WireNames.parse(values(), Scope::wire, "scope", text);
    }

    /** Whether node {@code node} may list a resource published at {@code origin} with this scope. */
    public boolean visibleAt(RegionCode origin, RegionCode node) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(node, "node");
        return switch (this) {
            case NODE -> node.equals(origin);
            case PROVINCE -> provinceOf(origin).map(province -> province.covers(node)).orElse(node.equals(origin));
            case NATIONAL -> true;
        };
    }

    /**
     * The province whose subtree a PROVINCE-scope resource reaches: the origin itself if provincial,
     * its parent if municipal. The national node has no province, so its PROVINCE-scope resources
     * stay at the national node (the national region's subtree would mean "everywhere", silently
     * turning PROVINCE into NATIONAL).
     */
    private static Optional<RegionCode> provinceOf(RegionCode origin) {
        return switch (origin.tier()) {
            case NATIONAL -> Optional.empty();
            case PROVINCIAL -> Optional.of(origin);
            case MUNICIPAL -> origin.parent();
        };
    }
}
