package dev.cascade.policy.condition;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a rule's condition can use and the fields of each, declared to CEL as struct types
 * so that a misspelt field ({@code resource.levle}) is a load-time error naming the rule rather
 * than a run-time surprise. At run time the values are plain maps built by the decision engine,
 * which always fills every declared field (see {@link Facts}).
 */
public final class ConditionVariables {

    public static final String REQUEST = "request";
    public static final String RESOURCE = "resource";
    public static final String REQUESTER = "requester";
    public static final String ROUTE = "route";
    public static final String NOW = "now";
    /**
     * The decision's time in China Standard Time (UTC+8; no daylight saving since 1991): {@code
     * clock.hour} 0–23, {@code clock.weekday} 1 = Monday … 7 = Sunday. Working-hours rules read
     * these rather than {@code now.getHours()}, which without a time zone argument answers in UTC.
     */
    public static final String CLOCK = "clock";
    /** Only in rules with {@code scope: field}: the requested field being judged. */
    public static final String FIELD = "field";

    private static final Map<String, CelType> FIELD_FIELDS = fields(
            "name", SimpleType.STRING,
            "level", SimpleType.STRING,
            "level_rank", SimpleType.INT,
            "sensitive_type", SimpleType.STRING,
            "personal", SimpleType.BOOL);

    static final StructType FIELD_TYPE = struct("cascade.policy.Field", FIELD_FIELDS);

    private static final Map<String, CelType> REQUEST_FIELDS = fields(
            "purpose", SimpleType.STRING,
            "fields", ListType.create(SimpleType.STRING),
            "legal_basis", SimpleType.STRING,
            "row_limit", SimpleType.INT,
            "window_start", SimpleType.TIMESTAMP,
            "window_end", SimpleType.TIMESTAMP,
            "window_days", SimpleType.INT);

    private static final Map<String, CelType> RESOURCE_FIELDS = fields(
            "id", SimpleType.STRING,
            "category", SimpleType.STRING,
            "level", SimpleType.STRING,
            "level_rank", SimpleType.INT,
            "sharing_type", SimpleType.STRING,
            "scope", SimpleType.STRING,
            "owner_region", SimpleType.STRING,
            "owner_province", SimpleType.STRING,
            "owner_tier", SimpleType.STRING,
            "personal", SimpleType.BOOL,
            "fields", ListType.create(FIELD_TYPE));

    private static final Map<String, CelType> REQUESTER_FIELDS = fields(
            "dept", SimpleType.STRING,
            "region", SimpleType.STRING,
            "province", SimpleType.STRING,
            "tier", SimpleType.STRING,
            "roles", ListType.create(SimpleType.STRING),
            "clearance", SimpleType.STRING,
            "clearance_rank", SimpleType.INT);

    private static final Map<String, CelType> ROUTE_FIELDS = fields(
            "hops", SimpleType.INT,
            "leaves_node", SimpleType.BOOL,
            "crosses_province", SimpleType.BOOL,
            "lca_region", SimpleType.STRING,
            "lca_tier", SimpleType.STRING);

    private static final Map<String, CelType> CLOCK_FIELDS = fields(
            "hour", SimpleType.INT,
            "weekday", SimpleType.INT);

    static final StructType REQUEST_TYPE = struct("cascade.policy.Request", REQUEST_FIELDS);
    static final StructType RESOURCE_TYPE = struct("cascade.policy.Resource", RESOURCE_FIELDS);
    static final StructType REQUESTER_TYPE = struct("cascade.policy.Requester", REQUESTER_FIELDS);
    static final StructType ROUTE_TYPE = struct("cascade.policy.Route", ROUTE_FIELDS);
    static final StructType CLOCK_TYPE = struct("cascade.policy.Clock", CLOCK_FIELDS);

    private static final Map<String, Map<String, CelType>> BY_VARIABLE = Map.of(
            REQUEST, REQUEST_FIELDS,
            RESOURCE, RESOURCE_FIELDS,
            REQUESTER, REQUESTER_FIELDS,
            ROUTE, ROUTE_FIELDS,
            CLOCK, CLOCK_FIELDS,
            FIELD, FIELD_FIELDS);

    private static final Map<String, FactMap.Layout> LAYOUTS = layouts();

    private ConditionVariables() {
    }

    private static Map<String, FactMap.Layout> layouts() {
        Map<String, FactMap.Layout> out = new HashMap<>();
        BY_VARIABLE.forEach((variable, fields) ->
                out.put(variable, new FactMap.Layout(variable, new ArrayList<>(fields.keySet()))));
        return Collections.unmodifiableMap(out);
    }

    static FactMap.Layout layout(String variable) {
        FactMap.Layout layout = LAYOUTS.get(variable);
        if (layout == null) {
            throw new IllegalArgumentException("no struct variable '" + variable + "'");
        }
        return layout;
    }

    /** The declared fields of a struct variable with their CEL type names, in declaration order. */
    public static Map<String, String> fieldsOf(String variable) {
        Map<String, CelType> declared = BY_VARIABLE.get(variable);
        if (declared == null) {
            throw new IllegalArgumentException("no struct variable '" + variable + "'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        declared.forEach((name, type) -> out.put(name, type.name()));
        return Collections.unmodifiableMap(out);
    }

    static CelTypeProvider typeProvider() {
        ImmutableList<CelType> types = ImmutableList.of(REQUEST_TYPE, RESOURCE_TYPE, FIELD_TYPE, REQUESTER_TYPE,
                ROUTE_TYPE, CLOCK_TYPE);
        return new CelTypeProvider() {
            @Override
            public ImmutableList<CelType> types() {
                return types;
            }

            @Override
            public Optional<CelType> findType(String typeName) {
                return types.stream().filter(t -> t.name().equals(typeName)).findFirst();
            }
        };
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                field -> Optional.ofNullable(fields.get(field)));
    }

    private static Map<String, CelType> fields(Object... nameTypePairs) {
        Map<String, CelType> out = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.put((String) nameTypePairs[i], (CelType) nameTypePairs[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }
}
