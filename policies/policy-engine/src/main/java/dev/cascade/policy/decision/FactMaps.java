package dev.cascade.policy.decision;

import dev.cascade.policy.condition.ConditionVariables;
import dev.cascade.policy.condition.FactMap;
import dev.cascade.policy.condition.LevelRanks;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds the condition variables as the maps CEL reads ({@link FactMap}s, which refuse to be built
 * with a declared field missing: a missing key would be a CEL error, and the native fast path
 * relies on there being none). Ints are {@code Long}, as CEL wants them.
 */
final class FactMaps {

    private static final long SECONDS_PER_DAY = Duration.ofDays(1).getSeconds();
    /** China Standard Time: UTC+8 all year round (no daylight saving since 1991). */
    private static final long CHINA_OFFSET_SECONDS = 8 * 3600;
    private static final String[] TIERS = {"national", "provincial", "municipal"};

    private FactMaps() {
    }

    static Map<String, Object> request(AccessRequest request, List<String> fields, long rowLimit, TimeWindow window) {
        FactMap.Builder m = FactMap.builder(ConditionVariables.REQUEST);
        m.put("purpose", request.purpose());
        m.put("fields", fields);
        m.put("legal_basis", request.legalBasis());
        m.put("row_limit", rowLimit);
        m.put("window_start", window.start());
        m.put("window_end", window.end());
        long seconds = window.length().getSeconds();
        m.put("window_days", (seconds + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
        return m.build();
    }

    static Map<String, Object> requester(Requester requester) {
        FactMap.Builder m = FactMap.builder(ConditionVariables.REQUESTER);
        m.put("dept", requester.department());
        m.put("region", requester.region().code());
        m.put("province", provinceCode(requester.region()));
        m.put("tier", tier(requester.region().tier()));
        m.put("roles", requester.roles());
        m.put("clearance", requester.clearance().wire());
        m.put("clearance_rank", LevelRanks.rank(requester.clearance()));
        return m.build();
    }

    static Map<String, Object> route(Route route) {
        FactMap.Builder m = FactMap.builder(ConditionVariables.ROUTE);
        m.put("hops", (long) route.hops());
        m.put("leaves_node", route.leavesNode());
        m.put("crosses_province", route.crossesProvince());
        m.put("lca_region", route.lca().code());
        m.put("lca_tier", tier(route.lcaTier()));
        return m.build();
    }

    static Map<String, Object> field(String name, DataLevel level, String sensitiveType, boolean personal) {
        FactMap.Builder m = FactMap.builder(ConditionVariables.FIELD);
        m.put("name", name);
        m.put("level", level.wire());
        m.put("level_rank", LevelRanks.rank(level));
        m.put("sensitive_type", sensitiveType);
        m.put("personal", personal);
        return m.build();
    }

    static Map<String, Object> resource(PolicyResource resource, DataLevel level, boolean personal,
                                        List<Map<String, Object>> fields) {
        FactMap.Builder m = FactMap.builder(ConditionVariables.RESOURCE);
        m.put("id", resource.id() == null ? "" : resource.id());
        m.put("category", resource.category() == null ? "" : resource.category());
        m.put("level", level.wire());
        m.put("level_rank", LevelRanks.rank(level));
        m.put("sharing_type", resource.sharingType().wire());
        m.put("scope", resource.scope().wire());
        RegionCode owner = resource.ownerRegion();
        m.put("owner_region", owner.code());
        m.put("owner_province", provinceCode(owner));
        m.put("owner_tier", tier(owner.tier()));
        m.put("personal", personal);
        m.put("fields", fields);
        return m.build();
    }

    static Map<String, Object> clock(Instant now) {
        long local = now.getEpochSecond() + CHINA_OFFSET_SECONDS;
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        FactMap.Builder m = FactMap.builder(ConditionVariables.CLOCK);
        m.put("hour", Math.floorMod(local, SECONDS_PER_DAY) / 3600);
        // Day 0 of the epoch, 1970-01-01, was a Thursday (ISO day 4).
        m.put("weekday", Math.floorMod(day + 3, 7L) + 1);
        return m.build();
    }

    static String tier(Tier tier) {
        return TIERS[tier.ordinal()];
    }

    /** The province's code (the national node's own code for itself), without re-validating a RegionCode. */
    static String provinceCode(RegionCode region) {
        switch (region.tier()) {
            case MUNICIPAL:
                return region.code().substring(0, 2) + "0000";
            default:
                return region.code();
        }
    }
}
