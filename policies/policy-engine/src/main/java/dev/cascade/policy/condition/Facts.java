package dev.cascade.policy.condition;

import dev.cel.runtime.CelVariableResolver;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The activation of one decision: the values of the condition variables, built once per decision
 * and shared by every rule. Only {@link #field} changes, once per requested field, while
 * field-scope rules are evaluated. Not thread-safe; one decision, one instance.
 */
public final class Facts implements CelVariableResolver {

    private final Map<String, Object> request;
    private final Map<String, Object> resource;
    private final Map<String, Object> requester;
    private final Map<String, Object> route;
    private final Map<String, Object> clock;
    private final Instant now;
    private Map<String, Object> field;

    public Facts(Map<String, Object> request, Map<String, Object> resource, Map<String, Object> requester,
                 Map<String, Object> route, Map<String, Object> clock, Instant now) {
        this.request = Objects.requireNonNull(request, "request");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.requester = Objects.requireNonNull(requester, "requester");
        this.route = Objects.requireNonNull(route, "route");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.now = Objects.requireNonNull(now, "now");
    }

    /** Sets the field that field-scope conditions see as {@code field}. */
    public void field(Map<String, Object> current) {
        this.field = current;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(variable(name));
    }

    Object variable(String name) {
        switch (name) {
            case ConditionVariables.REQUEST:
                return request;
            case ConditionVariables.RESOURCE:
                return resource;
            case ConditionVariables.REQUESTER:
                return requester;
            case ConditionVariables.ROUTE:
                return route;
            case ConditionVariables.CLOCK:
                return clock;
            case ConditionVariables.NOW:
                return now;
            case ConditionVariables.FIELD:
                return field;
            default:
                return null;
        }
    }

    Map<String, Object> struct(int root) {
        switch (root) {
            case ROOT_REQUEST:
                return request;
            case ROOT_RESOURCE:
                return resource;
            case ROOT_REQUESTER:
                return requester;
            case ROOT_ROUTE:
                return route;
            case ROOT_CLOCK:
                return clock;
            case ROOT_FIELD:
                return field;
            default:
                throw new IllegalArgumentException("no struct root " + root);
        }
    }

    static final int ROOT_REQUEST = 0;
    static final int ROOT_RESOURCE = 1;
    static final int ROOT_REQUESTER = 2;
    static final int ROOT_ROUTE = 3;
    static final int ROOT_FIELD = 4;
    static final int ROOT_CLOCK = 5;

    /** The root index native conditions use for a struct variable, or -1. */
    static int rootOf(String variable) {
        switch (variable) {
            case ConditionVariables.REQUEST:
                return ROOT_REQUEST;
            case ConditionVariables.RESOURCE:
                return ROOT_RESOURCE;
            case ConditionVariables.REQUESTER:
                return ROOT_REQUESTER;
            case ConditionVariables.ROUTE:
                return ROOT_ROUTE;
            case ConditionVariables.CLOCK:
                return ROOT_CLOCK;
            case ConditionVariables.FIELD:
                return ROOT_FIELD;
            default:
                return -1;
        }
    }
}
