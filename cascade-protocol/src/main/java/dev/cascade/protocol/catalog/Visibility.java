package dev.cascade.protocol.catalog;

import dev.cascade.protocol.region.RegionCode;
import java.util.Objects;

/**
 * Which tier-link neighbour a node forwards a catalog change to. A change flows up only out of the
 * subtree it was made in and down only into subtrees it did not come from, so on a tree every edge
 * carries it at most once and no node receives it twice; scope limits how far it goes.
 */
public final class Visibility {

    private Visibility() {
    }

    /** Forward to the parent: the change comes from this node's subtree and its scope reaches the parent. */
    public static boolean sendUp(RegionCode self, RegionCode origin, Scope scope, RegionCode parent) {
        requireEdge(parent, self);
        return self.covers(origin) && scope.visibleAt(origin, parent);
    }

    /** Forward to a child: the change did not come from the child's subtree and its scope reaches the child. */
    public static boolean sendDown(RegionCode self, RegionCode origin, Scope scope, RegionCode child) {
        requireEdge(self, child);
        return !child.covers(origin) && scope.visibleAt(origin, child);
    }

    /** A wrong neighbour would silently flood or starve a subtree; it is a caller bug, so fail loudly. */
    private static void requireEdge(RegionCode parent, RegionCode child) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
        if (!parent.isParentOf(child)) {
            throw new IllegalArgumentException(parent + " is not the parent of " + child);
        }
    }
}
