package dev.cascade.protocol.exchange;

import dev.cascade.protocol.region.RegionCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Hop-by-hop routing over the tier tree: a frame for a region in this node's subtree goes down to
 * the child on the way, anything else goes up, so every route passes the lowest common ancestor
 * of its two ends and no node ever needs a routing table.
 */
public final class Routing {

    private Routing() {
    }

    /** The neighbour to hand a frame for {@code destination} to; empty when it is this node's own. */
    public static Optional<RegionCode> nextHop(RegionCode self, RegionCode destination) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(destination, "destination");
        if (self.equals(destination)) {
            return Optional.empty();
        }
        if (!self.isAncestorOf(destination)) {
            return Optional.of(self.parent().orElseThrow(() -> new IllegalArgumentException(
                    destination + " is not under the national node " + self)));
        }
        RegionCode child = destination;
        while (!self.isParentOf(child)) {
            child = child.parent().orElseThrow();
        }
        return Optional.of(child);
    }

    /**
     * Whether a frame that started at {@code source} may arrive from {@code peer}: only from the
     * neighbour on the way back to the source. A frame from anywhere else was routed wrongly or
     * injected by a node that is not on the route.
     */
    public static boolean arrivesFrom(RegionCode self, RegionCode source, RegionCode peer) {
        return nextHop(self, source).map(peer::equals).orElse(false);
    }

    /** Whether this node lies on the route between the two ends (both ends included). */
    public static boolean onRoute(RegionCode self, RegionCode a, RegionCode b) {
        return self.covers(a) != self.covers(b) || self.equals(lowestCommonAncestor(a, b));
    }

    public static RegionCode lowestCommonAncestor(RegionCode a, RegionCode b) {
        RegionCode at = a;
        while (!at.covers(b)) {
            at = at.parent().orElseThrow();
        }
        return at;
    }
}
