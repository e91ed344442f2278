package dev.cascade.policy.pack;

import dev.cascade.policy.condition.Condition;
import dev.cascade.policy.condition.ConditionCompileException;
import dev.cascade.policy.condition.ConditionCompiler;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.yaml.MappingReader;
import dev.cascade.policy.yaml.YamlNode;
import dev.cascade.policy.yaml.YamlProblem;
import dev.cascade.policy.yaml.YamlReader;
import dev.cascade.policy.yaml.YamlSyntaxException;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Severity;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a pack file: YAML with line numbers, every key checked against the format, every mask
 * spec parsed, every condition compiled. What needs the ancestors (references to their profiles
 * and types, loosening) is checked when the pack is composed.
 */
final class PackReader {

    private static final Set<String> ROOT_KEYS = Set.of("format", "id", "version", "issuer", "extends", "title",
            "description", "levels", "categories", "sensitive-types", "masking-profiles", "defaults", "rules", "alerts");
    private static final Set<String> ALERT_KEYS = Set.of("volume-spike", "repeated-denials", "working-hours",
            "certificate-expiry", "anchoring", "severities");
    private static final Set<String> SPIKE_KEYS = Set.of("factor", "window-days", "min-rows");
    private static final Set<String> DENIAL_KEYS = Set.of("count", "window");
    private static final Set<String> HOURS_KEYS = Set.of("from", "to", "days", "zone", "bulk-rows");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Set<String> LEVEL_KEYS = Set.of("id", "name", "description");
    private static final Set<String> CATEGORY_KEYS = Set.of("id", "name", "description", "min-level");
    private static final Set<String> TYPE_KEYS = Set.of("name", "aliases", "personal", "min-level", "mask");
    private static final Set<String> PROFILE_KEYS = Set.of("description", "by-type", "by-level");
    private static final Set<String> DEFAULTS_KEYS = Set.of("effect", "row-limit", "max-validity", "masking-profile");
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "scope", "when", "effect", "constraints",
            "reason");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("masking-profile", "row-limit", "max-validity",
            "drop-fields", "drop", "mask");

    private final String source;
    private final List<YamlProblem> problems = new ArrayList<>();
    private final ConditionCompiler compiler = ConditionCompiler.standard();
    private String packId;

    private PackReader(String source) {
        this.source = source;
    }

    static PolicyPack read(byte[] bytes, String source) {
        return new PackReader(source).read(bytes);
    }

    private PolicyPack read(byte[] bytes) {
        YamlNode root;
        try {
            root = YamlReader.read(bytes);
        } catch (YamlSyntaxException e) {
            throw new PackFormatException(source, List.of(new YamlProblem(e.line(), e.column(), "",
                    "not valid YAML: " + e.reason())));
        }
        Optional<MappingReader> maybe = MappingReader.root(root, problems);
        if (maybe.isEmpty()) {
            throw new PackFormatException(source, problems);
        }
        MappingReader top = maybe.get();
        top.allowOnly(ROOT_KEYS);
        String format = top.requiredText("format");
        if (format != null && !format.equals(PolicyPack.FORMAT)) {
            top.problem("format", "unsupported format '" + format + "'; this engine reads " + PolicyPack.FORMAT);
        }
        packId = id(top, "id", "pack");
        long version = top.integer("version").orElse(0L);
        if (!top.has("version")) {
            top.problem("version", "'version' is required");
        } else if (version < 1) {
            top.problem("version", "version must be 1 or more");
        }
        RegionCode issuer = top.has("issuer") ? top.parsed("issuer", RegionCode::parse).orElse(null) : null;
        if (!top.has("issuer")) {
            top.problem("issuer", "'issuer' (the region code of the issuing node) is required");
        }
        String extendsPack = top.has("extends") ? id(top, "extends", "pack") : null;
        boolean root0 = extendsPack == null;

        List<LevelDefinition> levels = levels(top);
        if (root0 && levels.isEmpty() && !top.has("levels")) {
            top.problem("levels", "a root pack (no 'extends') must declare the levels");
        }
        List<Category> categories = categories(top);
        Map<String, SensitiveType> types = sensitiveTypes(top);
        Map<String, MaskingProfile> profiles = profiles(top);
        PackDefaults defaults = defaults(top, root0);
        List<Rule> rules = rules(top);
        AlertThresholds alerts = top.mapping("alerts").map(this::alerts).orElse(AlertThresholds.NONE);
        String title = top.text("title").orElse(null);
        String description = top.text("description").orElse(null);

        if (!problems.isEmpty()) {
            throw new PackFormatException(source, problems);
        }
        return new PolicyPack(packId, version, issuer, extendsPack, title, description, levels, categories, types,
                profiles, defaults, rules, alerts);
    }

    private AlertThresholds alerts(MappingReader m) {
        m.allowOnly(ALERT_KEYS);
        Optional<MappingReader> spike = m.mapping("volume-spike");
        spike.ifPresent(s -> s.allowOnly(SPIKE_KEYS));
        Double factor = spike.flatMap(s -> s.parsed("factor", text -> {
            double k = Double.parseDouble(text);
            if (!(k >= 1.0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("factor must be a number of at least 1, not " + text);
            }
            return k;
        })).orElse(null);
        Integer windowDays = spike.flatMap(s -> positive(s, "window-days", 366)).map(Long::intValue).orElse(null);
        Long minRows = spike.flatMap(s -> positive(s, "min-rows", Long.MAX_VALUE)).orElse(null);
        Optional<MappingReader> denials = m.mapping("repeated-denials");
        denials.ifPresent(d -> d.allowOnly(DENIAL_KEYS));
        Integer count = denials.flatMap(d -> positive(d, "count", 100_000)).map(Long::intValue).orElse(null);
        Duration denialWindow = denials.flatMap(d -> duration(d, "window")).orElse(null);
        Optional<MappingReader> hours = m.mapping("working-hours");
        hours.ifPresent(h -> h.allowOnly(HOURS_KEYS));
        LocalTime from = hours.flatMap(h -> h.parsed("from", PackReader::timeOfDay)).orElse(null);
        LocalTime to = hours.flatMap(h -> h.parsed("to", PackReader::timeOfDay)).orElse(null);
        if (from != null && to != null && !from.isBefore(to)) {
            hours.get().problem("to", "working hours end (" + to + ") must be after they start (" + from + ")");
        }
        Set<DayOfWeek> days = null;
        if (hours.isPresent() && hours.get().has("days")) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (String day : hours.get().strings("days")) {
                DayOfWeek d = DAYS.get(day.trim().toLowerCase(Locale.ROOT));
                if (d == null) {
                    hours.get().problem("days", "unknown day '" + day + "'; write mon, tue, wed, thu, fri, sat or sun");
                } else {
                    days.add(d);
                }
            }
        }
        ZoneId zone = hours.flatMap(h -> h.parsed("zone", text -> {
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("zone '" + text + "' is not a time zone such as Asia/Shanghai");
            }
        })).orElse(null);
        Long bulkRows = hours.flatMap(h -> positive(h, "bulk-rows", Long.MAX_VALUE)).orElse(null);
        Optional<MappingReader> cert = m.mapping("certificate-expiry");
        cert.ifPresent(c -> c.allowOnly(Set.of("warn-days")));
        Integer warnDays = cert.flatMap(c -> positive(c, "warn-days", 3650)).map(Long::intValue).orElse(null);
        Optional<MappingReader> anchoring = m.mapping("anchoring");
        anchoring.ifPresent(a -> a.allowOnly(Set.of("max-lag")));
        Duration maxLag = anchoring.flatMap(a -> duration(a, "max-lag")).orElse(null);
        Map<String, Severity> severities = new LinkedHashMap<>();
        m.mapping("severities").ifPresent(s -> {
            for (String rule : s.keys()) {
                if (!AlertThresholds.RULE_SEVERITIES.containsKey(rule)) {
                    s.problem(rule, "no built-in alert rule '" + rule + "'; the rules are "
                            + String.join(", ", AlertThresholds.RULE_SEVERITIES.keySet()));
                    continue;
                }
                s.parsed(rule, text -> Severity.parse(text).orElseThrow(() -> new IllegalArgumentException(
                        "severity '" + text + "' is not one of low, medium, high, critical")))
                        .ifPresent(sev -> severities.put(rule, sev));
            }
        });
        return new AlertThresholds(factor, windowDays, minRows, count, denialWindow, from, to, days, zone, bulkRows,
                warnDays, maxLag, severities);
    }

    private static Optional<Long> positive(MappingReader m, String key, long max) {
        Optional<Long> value = m.integer(key);
        if (value.isPresent() && (value.get() < 1 || value.get() > max)) {
            m.problem(key, key + " must be between 1 and " + max);
            return Optional.empty();
        }
        return value;
    }

    private static Optional<Duration> duration(MappingReader m, String key) {
        return m.parsed(key, text -> {
            Duration d;
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + " '" + text + "' is not an ISO-8601 duration such as PT1H or P1D");
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive");
            }
            return d;
        });
    }

    private static LocalTime timeOfDay(String text) {
        if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day such as 08:00 (quote it: \"08:00\")");
        }
        return LocalTime.parse(text);
    }

    private List<LevelDefinition> levels(MappingReader top) {
        List<LevelDefinition> out = new ArrayList<>();
        Set<DataLevel> seen = new HashSet<>();
        List<YamlNode> items = top.list("levels");
        for (int i = 0; i < items.size(); i++) {
            Optional<MappingReader> item = MappingReader.of(items.get(i), "levels[" + i + "]", problems);
            if (item.isEmpty()) {
                continue;
            }
            MappingReader m = item.get();
            m.allowOnly(LEVEL_KEYS);
            if (!m.has("id")) {
                m.problem("id", "'id' is required");
                continue;
            }
            Optional<DataLevel> level = m.parsed("id", DataLevel::fromWire);
            if (level.isPresent()) {
                if (!seen.add(level.get())) {
                    m.problem("id", "level " + level.get().wire() + " is declared twice");
                }
                out.add(new LevelDefinition(level.get(), m.text("name").orElse(null),
                        m.text("description").orElse(null)));
            }
        }
        return out;
    }

    private List<Category> categories(MappingReader top) {
        List<Category> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<YamlNode> items = top.list("categories");
        for (int i = 0; i < items.size(); i++) {
            Optional<MappingReader> item = MappingReader.of(items.get(i), "categories[" + i + "]", problems);
            if (item.isEmpty()) {
                continue;
            }
            MappingReader m = item.get();
            m.allowOnly(CATEGORY_KEYS);
            String id = id(m, "id", "category");
            if (id != null && !seen.add(id)) {
                m.problem("id", "category '" + id + "' is declared twice");
            }
            DataLevel min = m.parsed("min-level", DataLevel::fromWire).orElse(null);
            if (id != null) {
                out.add(new Category(id, m.text("name").orElse(null), m.text("description").orElse(null), min));
            }
        }
        return out;
    }

    private Map<String, SensitiveType> sensitiveTypes(MappingReader top) {
        Map<String, SensitiveType> out = new LinkedHashMap<>();
        Map<String, String> aliasOwner = new HashMap<>();
        Optional<MappingReader> section = top.mapping("sensitive-types");
        if (section.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, YamlNode> entry : section.get().node().entries().entrySet()) {
            String id = entry.getKey();
            String path = "sensitive-types." + id;
            if (!PolicyPack.ID.matcher(id).matches()) {
                section.get().problem(id, "sensitive type id '" + id + "' must match " + PolicyPack.ID.pattern());
            }
            Optional<MappingReader> item = MappingReader.of(entry.getValue(), path, problems);
            if (item.isEmpty()) {
                continue;
            }
            MappingReader m = item.get();
            m.allowOnly(TYPE_KEYS);
            List<String> aliases = m.strings("aliases");
            for (String alias : aliases) {
                String previous = aliasOwner.putIfAbsent(alias, id);
                if (previous != null && !previous.equals(id)) {
                    m.problem("aliases", "alias '" + alias + "' already names sensitive type '" + previous + "'");
                }
            }
            out.put(id, new SensitiveType(id, m.text("name").orElse(null), aliases,
                    m.bool("personal").orElse(null),
                    m.parsed("min-level", DataLevel::fromWire).orElse(null),
                    m.parsed("mask", MaskSpec::parse).orElse(null)));
        }
        return out;
    }

    private Map<String, MaskingProfile> profiles(MappingReader top) {
        Map<String, MaskingProfile> out = new LinkedHashMap<>();
        Optional<MappingReader> section = top.mapping("masking-profiles");
        if (section.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, YamlNode> entry : section.get().node().entries().entrySet()) {
            String id = entry.getKey();
            if (!PolicyPack.ID.matcher(id).matches()) {
                section.get().problem(id, "masking profile id '" + id + "' must match " + PolicyPack.ID.pattern());
            }
            Map<String, MaskSpec> byType = new LinkedHashMap<>();
            Map<DataLevel, MaskSpec> byLevel = new EnumMap<>(DataLevel.class);
            String description = null;
            YamlNode value = entry.getValue();
            if (!(value instanceof YamlNode.Scalar s && s.isNull())) {
                Optional<MappingReader> item = MappingReader.of(value, "masking-profiles." + id, problems);
                if (item.isEmpty()) {
                    continue;
                }
                MappingReader m = item.get();
                m.allowOnly(PROFILE_KEYS);
                description = m.text("description").orElse(null);
                m.mapping("by-type").ifPresent(types -> {
                    for (String type : types.keys()) {
                        types.parsed(type, MaskSpec::parse).ifPresent(spec -> byType.put(type, spec));
                    }
                });
                m.mapping("by-level").ifPresent(levels -> {
                    for (String wire : levels.keys()) {
                        DataLevel level;
                        try {
                            level = DataLevel.fromWire(wire);
                        } catch (IllegalArgumentException e) {
                            levels.problem(wire, e.getMessage());
                            continue;
                        }
                        levels.parsed(wire, MaskSpec::parse).ifPresent(spec -> byLevel.put(level, spec));
                    }
                });
            }
            out.put(id, new MaskingProfile(id, description, byType, byLevel));
        }
        return out;
    }

    private PackDefaults defaults(MappingReader top, boolean rootPack) {
        Optional<MappingReader> section = top.mapping("defaults");
        if (section.isEmpty()) {
            if (rootPack) {
                top.problem("defaults", "a root pack (no 'extends') must state defaults: "
                        + "effect, row-limit, max-validity, masking-profile");
            }
            return PackDefaults.NONE;
        }
        MappingReader m = section.get();
        m.allowOnly(DEFAULTS_KEYS);
        Effect effect = m.parsed("effect", Effect::fromWire).orElse(null);
        Long rowLimit = rowLimit(m);
        Duration validity = validity(m);
        String profile = m.has("masking-profile") ? id(m, "masking-profile", "masking profile") : null;
        if (rootPack) {
            for (String key : DEFAULTS_KEYS) {
                if (!m.has(key)) {
                    m.problem(key, "a root pack must state defaults." + key);
                }
            }
        }
        return new PackDefaults(effect, rowLimit, validity, profile);
    }

    private List<Rule> rules(MappingReader top) {
        List<Rule> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<YamlNode> items = top.list("rules");
        for (int i = 0; i < items.size(); i++) {
            Optional<MappingReader> item = MappingReader.of(items.get(i), "rules[" + i + "]", problems);
            if (item.isEmpty()) {
                continue;
            }
            MappingReader m = item.get();
            m.allowOnly(RULE_KEYS);
            String id = id(m, "id", "rule");
            if (id != null && !seen.add(id)) {
                m.problem("id", "rule '" + id + "' is declared twice");
            }
            String label = "rule '" + (id == null ? "rules[" + i + "]" : id) + "' of pack '"
                    + (packId == null ? source : packId) + "'";
            RuleScope scope = m.has("scope") ? m.parsed("scope", RuleScope::fromWire).orElse(null) : RuleScope.REQUEST;
            Effect effect = m.has("effect") ? m.parsed("effect", Effect::fromWire).orElse(null) : null;
            if (!m.has("effect")) {
                m.problem("effect", label + ": 'effect' is required (deny, require-approval or permit)");
            }
            Condition when = null;
            String conditionText = m.requiredText("when");
            if (conditionText != null && scope != null) {
                try {
                    when = compiler.compile(conditionText, scope == RuleScope.FIELD);
                } catch (ConditionCompileException e) {
                    m.problem("when", label + ": condition does not compile: " + e.getMessage());
                }
            }
            RuleConstraints constraints = m.mapping("constraints")
                    .map(c -> constraints(c, scope, label)).orElse(RuleConstraints.NONE);
            String description = m.text("description").orElse(null);
            String reason = m.text("reason").orElse(description != null ? description : "rule " + id);
            if (id != null && when != null && effect != null && constraints != null) {
                out.add(new Rule(id, description, scope, when, effect, constraints, reason, m.line()));
            }
        }
        return out;
    }

    private RuleConstraints constraints(MappingReader m, RuleScope scope, String label) {
        m.allowOnly(CONSTRAINT_KEYS);
        String profile = m.has("masking-profile") ? id(m, "masking-profile", "masking profile") : null;
        Long rowLimit = rowLimit(m);
        Duration validity = validity(m);
        List<String> dropFields = m.strings("drop-fields");
        boolean drop = m.bool("drop").orElse(false);
        MaskSpec mask = m.parsed("mask", MaskSpec::parse).orElse(null);
        if (scope == RuleScope.REQUEST) {
            if (m.has("drop")) {
                m.problem("drop", label + ": 'drop' judges one field; use it in a rule with scope: field "
                        + "(or drop-fields here)");
            }
            if (m.has("mask")) {
                m.problem("mask", label + ": 'mask' judges one field; use it in a rule with scope: field "
                        + "(or masking-profile here)");
            }
        } else if (scope == RuleScope.FIELD && m.has("drop-fields")) {
            m.problem("drop-fields", label + ": a field-scope rule drops the judged field with 'drop: true'");
        }
        return new RuleConstraints(profile, rowLimit, validity, dropFields, drop, mask);
    }

    private static Long rowLimit(MappingReader m) {
        Optional<Long> limit = m.integer("row-limit");
        if (limit.isPresent() && limit.get() < 1) {
            m.problem("row-limit", "row-limit must be 1 or more");
            return null;
        }
        return limit.orElse(null);
    }

    private static Duration validity(MappingReader m) {
        return m.parsed("max-validity", text -> {
            Duration d;
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("max-validity '" + text
                        + "' is not an ISO-8601 duration such as P90D or PT12H");
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("max-validity must be positive");
            }
            return d;
        }).orElse(null);
    }

    private static String id(MappingReader m, String key, String what) {
        String id = m.requiredText(key);
        if (id != null && !PolicyPack.ID.matcher(id).matches()) {
            m.problem(key, what + " id '" + id + "' must match " + PolicyPack.ID.pattern());
            return null;
        }
        return id;
    }
}
