package dev.cascade.policy.decision;

import dev.cascade.protocol.catalog.DataLevel;
import java.util.List;
import java.util.Map;

/**
 * A resource read against one engine's pack: sensitive-type labels resolved, levels raised to the
 * pack's minimums, and its condition facts built. Immutable; cache it per resource version and
 * reuse it for every decision on that resource (see {@link PolicyEngine#prepare}).
 */
public final class PreparedResource {

    final PolicyEngine engine;
    final PolicyResource resource;
    /** The {@code resource} condition variable. */
    final Map<String, Object> facts;
    final List<String> fieldNames;
    final Map<String, Integer> fieldIndex;
    /** Per field: its {@code field} condition variable. */
    final List<Map<String, Object>> fieldFacts;
    /** Per field: row of the engine's mask table. */
    final int[] maskRow;
    /** Per field: the level the pack treats it at. */
    final DataLevel[] fieldLevel;
    final DataLevel level;

    PreparedResource(PolicyEngine engine, PolicyResource resource, Map<String, Object> facts, List<String> fieldNames,
                     Map<String, Integer> fieldIndex, List<Map<String, Object>> fieldFacts, int[] maskRow,
                     DataLevel[] fieldLevel, DataLevel level) {
        this.engine = engine;
        this.resource = resource;
        this.facts = facts;
        this.fieldNames = fieldNames;
        this.fieldIndex = fieldIndex;
        this.fieldFacts = fieldFacts;
        this.maskRow = maskRow;
        this.fieldLevel = fieldLevel;
        this.level = level;
    }

    public PolicyResource resource() {
        return resource;
    }

    /** The level the pack treats the resource at: its label, its category's and its fields' minimums. */
    public DataLevel effectiveLevel() {
        return level;
    }

    /** The level the pack treats a field at: its label or its sensitive type's minimum, whichever is higher. */
    public DataLevel effectiveLevel(String field) {
        Integer i = fieldIndex.get(field);
        if (i == null) {
            throw new IllegalArgumentException("resource " + resource.id() + " has no field '" + field + "'");
        }
        return fieldLevel[i];
    }
}
