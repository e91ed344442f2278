package dev.cascade.policy.packtest;

import dev.cascade.policy.decision.AccessRequest;
import dev.cascade.policy.decision.DecisionContext;
import dev.cascade.policy.decision.PolicyResource;
import dev.cascade.policy.decision.Requester;
import dev.cascade.policy.decision.ResourceField;
import dev.cascade.policy.decision.Route;
import dev.cascade.policy.decision.TimeWindow;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.yaml.MappingReader;
import dev.cascade.policy.yaml.YamlNode;
import dev.cascade.policy.yaml.YamlProblem;
import dev.cascade.policy.yaml.YamlReader;
import dev.cascade.policy.yaml.YamlSyntaxException;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a pack test file:
 *
 * <pre>
 * ancestors: [../national-baseline]   # optional: pack directories, root first, relative to the pack directory
 * defaults:                           # optional: merged under every case's input, the case winning
 *   requester: {dept: 省卫健委, region: "440000", clearance: L3}
 * cases:
 *   - name: core data never leaves its node
 *     input: {request: …, resource: …, requester: …, route: …, now: …}
 *     expect: {decision: deny, rules: [core-never-leaves-node], constraints: {…}}
 * </pre>
 */
final class TestFileReader {

    static final Set<String> DECISIONS = Set.of("permit", "needs-approval", "deny");

    private final List<YamlProblem> problems = new ArrayList<>();

    /** The parsed file, or the problems that kept it from being read. */
    record TestFile(List<String> ancestors, List<TestCase> cases, List<YamlProblem> problems) {
    }

    static TestFile read(byte[] bytes) {
        return new TestFileReader().readFile(bytes);
    }

    private TestFile readFile(byte[] bytes) {
        YamlNode root;
        try {
            root = YamlReader.read(bytes);
        } catch (YamlSyntaxException e) {
            return new TestFile(null, List.of(), List.of(new YamlProblem(e.line(), e.column(), "",
                    "not valid YAML: " + e.reason())));
        }
        Optional<MappingReader> top = MappingReader.root(root, problems);
        if (top.isEmpty()) {
            return new TestFile(null, List.of(), problems);
        }
        MappingReader m = top.get();
        m.allowOnly(Set.of("ancestors", "defaults", "cases"));
        List<String> ancestors = m.has("ancestors") ? m.strings("ancestors") : null;
        YamlNode.Mapping defaults = m.mapping("defaults").map(MappingReader::node).orElse(null);
        List<TestCase> cases = new ArrayList<>();
        List<YamlNode> items = m.list("cases");
        if (!m.has("cases")) {
            m.problem("cases", "'cases' is required");
        }
        for (int i = 0; i < items.size(); i++) {
            int before = problems.size();
            Optional<MappingReader> item = MappingReader.of(items.get(i), "cases[" + i + "]", problems);
            if (item.isEmpty()) {
                continue;
            }
            TestCase c = testCase(item.get(), defaults);
            if (c != null && problems.size() == before) {
                cases.add(c);
            }
        }
        return new TestFile(ancestors, cases, problems);
    }

    private TestCase testCase(MappingReader c, YamlNode.Mapping defaults) {
        c.allowOnly(Set.of("name", "input", "expect"));
        String name = c.requiredText("name");
        if (!c.has("input") && defaults == null) {
            c.problem("input", "'input' is required");
            return null;
        }
        YamlNode inputNode = c.has("input") ? c.node().get("input") : null;
        if (inputNode != null && !(inputNode instanceof YamlNode.Mapping)) {
            c.problem("input", "expected a mapping, found " + inputNode.kind());
            return null;
        }
        YamlNode.Mapping merged = merge(defaults, (YamlNode.Mapping) inputNode);
        MappingReader input = new MappingReader(merged, c.pathOf("input"), problems);
        input.allowOnly(Set.of("request", "resource", "requester", "route", "now"));
        Instant now = input.has("now") ? input.parsed("now", TestFileReader::instant).orElse(null) : null;
        if (!input.has("now")) {
            input.problem("now", "'now' is required (decisions may depend on the time)");
        }
        AccessRequest request = input.mapping("request").map(TestFileReader::request).orElse(null);
        if (!input.has("request")) {
            input.problem("request", "'request' is required");
        }
        PolicyResource resource = input.mapping("resource").map(TestFileReader::resource).orElse(null);
        if (!input.has("resource")) {
            input.problem("resource", "'resource' is required");
        }
        Requester requester = input.mapping("requester").map(TestFileReader::requester).orElse(null);
        if (!input.has("requester")) {
            input.problem("requester", "'requester' is required");
        }
        Route route = input.mapping("route").map(TestFileReader::route).orElse(null);
        TestCase.Expectation expect = c.mapping("expect").map(TestFileReader::expectation).orElse(null);
        if (!c.has("expect")) {
            c.problem("expect", "'expect' is required");
        }
        if (name == null || now == null || request == null || resource == null || requester == null
                || expect == null) {
            return null;
        }
        DecisionContext context = route != null ? new DecisionContext(requester, route, now)
                : DecisionContext.of(requester, resource, now);
        return new TestCase(name, c.line(), request, resource, context, expect);
    }

    private static AccessRequest request(MappingReader r) {
        r.allowOnly(Set.of("purpose", "fields", "legal_basis", "row_limit", "window"));
        TimeWindow window = r.mapping("window").map(w -> {
            w.allowOnly(Set.of("start", "end"));
            Instant start = w.parsed("start", TestFileReader::instant).orElse(null);
            Instant end = w.parsed("end", TestFileReader::instant).orElse(null);
            if (start == null || end == null) {
                w.problemHere("a window needs start and end");
                return null;
            }
            try {
                return new TimeWindow(start, end);
            } catch (IllegalArgumentException e) {
                w.problemHere(e.getMessage());
                return null;
            }
        }).orElse(null);
        long rowLimit = r.integer("row_limit").orElse(0L);
        if (rowLimit < 0) {
            r.problem("row_limit", "row_limit must not be negative");
            rowLimit = 0;
        }
        return new AccessRequest(r.text("purpose").orElse(""), r.strings("fields"), r.text("legal_basis").orElse(""),
                rowLimit, window);
    }

    private static PolicyResource resource(MappingReader r) {
        r.allowOnly(Set.of("id", "category", "level", "sharing_type", "scope", "owner_region", "fields"));
        DataLevel level = required(r, "level", DataLevel::fromWire);
        SharingType sharing = required(r, "sharing_type", SharingType::fromWire);
        Scope scope = r.has("scope") ? r.parsed("scope", Scope::fromWire).orElse(null) : Scope.NATIONAL;
        RegionCode owner = required(r, "owner_region", RegionCode::parse);
        List<ResourceField> fields = new ArrayList<>();
        List<YamlNode> items = r.list("fields");
        for (int i = 0; i < items.size(); i++) {
            MappingReader.of(items.get(i), r.pathOf("fields") + "[" + i + "]", r.problems()).ifPresent(f -> {
                f.allowOnly(Set.of("name", "level", "sensitive_type"));
                String name = f.requiredText("name");
                DataLevel fieldLevel = f.parsed("level", DataLevel::fromWire).orElse(null);
                if (name != null) {
                    fields.add(new ResourceField(name, fieldLevel, f.text("sensitive_type").orElse(null)));
                }
            });
        }
        if (level == null || sharing == null || scope == null || owner == null) {
            return null;
        }
        try {
            return new PolicyResource(r.text("id").orElse("test-resource"), r.text("category").orElse(null), level,
                    sharing, scope, owner, fields);
        } catch (IllegalArgumentException e) {
            r.problemHere(e.getMessage());
            return null;
        }
    }

    private static Requester requester(MappingReader r) {
        r.allowOnly(Set.of("dept", "region", "roles", "clearance"));
        RegionCode region = required(r, "region", RegionCode::parse);
        DataLevel clearance = required(r, "clearance", DataLevel::fromWire);
        String dept = r.requiredText("dept");
        if (region == null || clearance == null || dept == null) {
            return null;
        }
        return new Requester(dept, region, r.strings("roles"), clearance);
    }

    private static Route route(MappingReader r) {
        r.allowOnly(Set.of("hops", "leaves_node", "crosses_province", "lca_region"));
        Optional<Long> hops = r.integer("hops");
        Optional<Boolean> leaves = r.bool("leaves_node");
        Optional<Boolean> crosses = r.bool("crosses_province");
        RegionCode lca = required(r, "lca_region", RegionCode::parse);
        if (hops.isEmpty() || leaves.isEmpty() || crosses.isEmpty()) {
            r.problemHere("a stated route needs hops, leaves_node, crosses_province and lca_region "
                    + "(leave the route out to have it computed from the regions)");
            return null;
        }
        return lca == null ? null : new Route(hops.get().intValue(), leaves.get(), crosses.get(), lca);
    }

    private static TestCase.Expectation expectation(MappingReader e) {
        e.allowOnly(Set.of("decision", "rules", "constraints"));
        String decision = e.requiredText("decision");
        if (decision != null && !DECISIONS.contains(decision)) {
            e.problem("decision", "unknown decision '" + decision + "'; allowed: permit, needs-approval, deny");
        }
        List<String> rules = e.has("rules") ? e.strings("rules") : null;
        TestCase.ConstraintExpectation constraints = e.mapping("constraints").map(c -> {
            c.allowOnly(Set.of("fields", "dropped", "masks", "row-limit", "max-validity", "masking-profiles"));
            Map<String, String> masks = null;
            Optional<MappingReader> maskNode = c.mapping("masks");
            if (maskNode.isPresent()) {
                masks = new LinkedHashMap<>();
                for (String field : maskNode.get().keys()) {
                    Optional<MaskSpec> spec = maskNode.get().parsed(field, MaskSpec::parse);
                    if (spec.isPresent()) {
                        masks.put(field, spec.get().text());
                    }
                }
            }
            return new TestCase.ConstraintExpectation(
                    c.has("fields") ? c.strings("fields") : null,
                    c.has("dropped") ? c.strings("dropped") : null,
                    masks, c.integer("row-limit").orElse(null),
                    c.parsed("max-validity", Duration::parse).orElse(null),
                    c.has("masking-profiles") ? c.strings("masking-profiles") : null);
        }).orElse(null);
        return decision == null ? null : new TestCase.Expectation(decision, rules, constraints);
    }

    private static <T> T required(MappingReader r, String key, Function<String, T> parse) {
        if (!r.has(key)) {
            r.problem(key, "'" + key + "' is required");
            return null;
        }
        return r.parsed(key, parse).orElse(null);
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date-time with offset, e.g. "
                    + "2026-03-02T10:00:00+08:00");
        }
    }

    /** {@code over} laid over {@code base}: mappings merge key by key, anything else is replaced. */
    static YamlNode.Mapping merge(YamlNode.Mapping base, YamlNode.Mapping over) {
        if (base == null) {
            return over == null ? new YamlNode.Mapping(Map.of(), Map.of(), 0, 0) : over;
        }
        if (over == null) {
            return base;
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>(base.entries());
        Map<String, Integer> lines = new LinkedHashMap<>(base.keyLines());
        over.entries().forEach((key, value) -> {
            YamlNode below = entries.get(key);
            entries.put(key, below instanceof YamlNode.Mapping b && value instanceof YamlNode.Mapping v
                    ? merge(b, v) : value);
            lines.put(key, over.lineOf(key));
        });
        return new YamlNode.Mapping(entries, lines, over.line(), over.column());
    }
}
