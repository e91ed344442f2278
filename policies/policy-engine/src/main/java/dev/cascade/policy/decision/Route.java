package dev.cascade.policy.decision;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The way data would travel from the owner's node to the requester's, up the tier tree to their
 * lowest common ancestor and down again.
 *
 * @param hops            tier links crossed (0 when both are the same node)
 * @param leavesNode      the data leaves the owner's node
 * @param crossesProvince the requester is outside the owner's province (the national node counts as
 *                        a province of its own)
 * @param lca             the lowest common ancestor of the two regions
 */
public record Route(int hops, boolean leavesNode, boolean crossesProvince, RegionCode lca) {

    public Route {
        Objects.requireNonNull(lca, "lca");
        if (hops < 0) {
            throw new IllegalArgumentException("hops must not be negative");
        }
    }

    public static Route between(RegionCode requester, RegionCode owner) {
        List<RegionCode> up = pathToRoot(requester);
        List<RegionCode> down = pathToRoot(owner);
        RegionCode lca = RegionCode.NATIONAL;
        int fromRequester = up.size() - 1;
        int fromOwner = down.size() - 1;
        for (int i = 0; i < up.size(); i++) {
            int j = down.indexOf(up.get(i));
            if (j >= 0) {
                lca = up.get(i);
                fromRequester = i;
                fromOwner = j;
                break;
            }
        }
        return new Route(fromRequester + fromOwner, !requester.equals(owner),
                !provinceOf(requester).equals(provinceOf(owner)), lca);
    }

    public Tier lcaTier() {
        return lca.tier();
    }

    static RegionCode provinceOf(RegionCode region) {
        return region.tier() == Tier.MUNICIPAL ? region.parent().orElseThrow() : region;
    }

    private static List<RegionCode> pathToRoot(RegionCode region) {
        List<RegionCode> path = new ArrayList<>();
        RegionCode at = region;
        path.add(at);
        while (at.parent().isPresent()) {
            at = at.parent().get();
            path.add(at);
        }
        return path;
    }
}
