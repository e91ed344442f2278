package dev.cascade.protocol.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A caller's parameter values checked against a data service's declaration: every name declared,
 * every required one present, every value matching its pattern (or short, without one), and no
 * control characters anywhere. The owner node passes on only what passed, in declaration order.
 */
public final class ServiceArguments {

    /** The outcome of a check. */
    public sealed interface Checked permits Valid, Invalid {
    }

    /** Values to pass to the endpoint, in the order the service declares its parameters. */
    public record Valid(Map<String, String> values) implements Checked {
        public Valid {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** Every problem found, each naming its parameter. */
    public record Invalid(List<String> problems) implements Checked {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** Compiled patterns by their text: a service's few patterns are checked on every call, compiled once. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private ServiceArguments() {
    }

    public static Checked check(ServiceInterface service, Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        Map<String, ServiceParameter> declared = new LinkedHashMap<>();
        service.parameters().forEach(p -> declared.put(p.name(), p));
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                problems.add("parameter '" + name + "' is not one this service takes (it takes "
                        + String.join(", ", declared.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ServiceParameter p : declared.values()) {
            String v = given.get(p.name());
            if (v == null || v.isEmpty()) {
                if (p.required()) {
                    problems.add("parameter '" + p.name() + "' is required");
                }
                continue;
            }
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                problems.add("parameter '" + p.name() + "' contains control characters");
            } else if (p.pattern() != null && !pattern(p.pattern()).matcher(v).matches()) {
                problems.add("parameter '" + p.name() + "' does not match " + p.pattern());
            } else if (p.pattern() == null && v.codePointCount(0, v.length()) > DescriptorRules.MAX_PARAMETER_VALUE) {
                problems.add("parameter '" + p.name() + "' is longer than " + DescriptorRules.MAX_PARAMETER_VALUE + " characters");
            } else {
                values.put(p.name(), v);
            }
        }
        return problems.isEmpty() ? new Valid(values) : new Invalid(problems);
    }

    private static Pattern pattern(String text) {
        if (PATTERNS.size() > 1_000) {
            PATTERNS.clear(); // only registered services' patterns come here; a bound all the same
        }
        return PATTERNS.computeIfAbsent(text, Pattern::compile);
    }
}
