package dev.cascade.policy.packtest;

import dev.cascade.policy.decision.Constraints;
import dev.cascade.policy.decision.Decision;
import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.decision.Reason;
import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRefusedException;
import dev.cascade.policy.pack.PackFormatException;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.policy.yaml.YamlProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a pack's test suite, in the manner of {@code opa test}: for a pack directory holding
 * {@code pack.yaml} and {@code tests/*.yaml}, every case's input is decided under the pack
 * composed with its ancestors and compared with the case's expectation.
 *
 * <p>Ancestors come from a test file's {@code ancestors:} (pack directories, root first, relative to
 * the pack directory) or, without it, by convention: a pack that {@code extends: X} finds X in the
 * sibling directory {@code ../X} — the layout of {@code policies/packs}.
 */
public final class PackTestRunner {

    public static final String PACK_FILE = "pack.yaml";
    public static final String TESTS_DIR = "tests";

    private final PolicyEngine.Evaluation evaluation;
    private final Map<Path, PolicyPack> packs = new HashMap<>();
    private final Map<List<Path>, PolicyEngine> engines = new HashMap<>();

    public PackTestRunner() {
        this(PolicyEngine.Evaluation.NATIVE_FAST_PATH);
    }

    public PackTestRunner(PolicyEngine.Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    public PackTestReport run(Path packDir) {
        Path dir = packDir.toAbsolutePath().normalize();
        List<CaseResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Path tests = dir.resolve(TESTS_DIR);
        String target = packDir.toString();
        List<Path> files;
        try (Stream<Path> list = Files.list(tests)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            errors.add(tests + ": cannot list test files (" + e.getMessage() + ")");
            return new PackTestReport(target, results, errors);
        }
        for (Path file : files) {
            String shown = dir.getFileName() + "/" + TESTS_DIR + "/" + file.getFileName();
            TestFileReader.TestFile suite;
            try {
                suite = TestFileReader.read(Files.readAllBytes(file));
            } catch (IOException e) {
                errors.add(shown + ": cannot read (" + e.getMessage() + ")");
                continue;
            }
            for (YamlProblem p : suite.problems()) {
                errors.add(shown + ": " + p);
            }
            if (!suite.problems().isEmpty()) {
                continue;
            }
            PolicyEngine engine;
            try {
                List<Path> chain = chain(dir, suite.ancestors());
                engine = engines.computeIfAbsent(chain, c -> new PolicyEngine(
                        EffectivePack.compose(c.stream().map(this::pack).collect(Collectors.toList())), evaluation));
                target = packDir + " (" + engine.pack() + ")";
            } catch (PackLoadException | PackFormatException | PackRefusedException e) {
                errors.add(shown + ": " + e.getMessage());
                continue;
            }
            for (TestCase c : suite.cases()) {
                results.add(new CaseResult(shown, c.name(), c.line(), differences(c, engine)));
            }
        }
        return new PackTestReport(target, results, errors);
    }

    /** Pack files of the chain, root first, ending with the pack under test. */
    private List<Path> chain(Path dir, List<String> ancestors) {
        List<Path> chain = new ArrayList<>();
        Path own = dir.resolve(PACK_FILE);
        if (ancestors != null) {
            for (String a : ancestors) {
                chain.add(packFile(dir.resolve(a).normalize()));
            }
            chain.add(own);
            return chain;
        }
        chain.add(own);
        PolicyPack pack = pack(own);
        Set<String> seen = new LinkedHashSet<>();
        while (!pack.isRoot()) {
            if (!seen.add(pack.id())) {
                throw new PackLoadException("packs extend each other in a cycle: " + seen);
            }
            Path parent = dir.resolveSibling(pack.extendsPack()).resolve(PACK_FILE);
            if (!Files.isRegularFile(parent)) {
                throw new PackLoadException("pack " + pack.id() + " extends '" + pack.extendsPack() + "', not found at "
                        + parent + "; name the ancestors in the test file ('ancestors:')");
            }
            chain.add(0, parent);
            dir = parent.getParent();
            pack = pack(parent);
        }
        return chain;
    }

    private static Path packFile(Path path) {
        return Files.isDirectory(path) ? path.resolve(PACK_FILE) : path;
    }

    private PolicyPack pack(Path file) {
        PolicyPack cached = packs.get(file);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PackLoadException("cannot read pack " + file + " (" + e.getMessage() + ")");
        }
        PolicyPack pack = PolicyPack.parse(bytes, file.toString());
        packs.put(file, pack);
        return pack;
    }

    private static List<String> differences(TestCase c, PolicyEngine engine) {
        List<String> out = new ArrayList<>();
        Decision decision;
        try {
            decision = engine.decide(c.request(), c.resource(), c.context());
        } catch (RuntimeException e) {
            out.add("the engine failed: " + e);
            return out;
        }
        String actual = label(decision);
        if (!actual.equals(c.expect().decision())) {
            out.add("decision: expected " + c.expect().decision() + ", got " + actual
                    + (decision.fired().isEmpty() ? " (no rule fired)" : " (fired: " + ruleList(decision) + ")"));
        }
        if (c.expect().rules() != null) {
            compareRules(c.expect().rules(), decision.fired(), out);
        }
        TestCase.ConstraintExpectation expected = c.expect().constraints();
        if (expected != null) {
            Constraints constraints = constraintsOf(decision);
            if (constraints == null) {
                out.add("constraints: expected, but a deny has none");
            } else {
                compareConstraints(expected, constraints, out);
            }
        }
        return out;
    }

    private static String label(Decision decision) {
        if (decision instanceof Decision.Permit) {
            return "permit";
        }
        if (decision instanceof Decision.NeedsApproval) {
            return "needs-approval";
        }
        return "deny";
    }

    private static Constraints constraintsOf(Decision decision) {
        if (decision instanceof Decision.Permit p) {
            return p.constraints();
        }
        if (decision instanceof Decision.NeedsApproval n) {
            return n.constraints();
        }
        return null;
    }

    private static String ruleList(Decision decision) {
        return decision.fired().stream().map(r -> r.ruleId() + (r.field() == null ? "" : "[" + r.field() + "]"))
                .distinct().collect(Collectors.joining(", "));
    }

    /** Expected ids match fired rules by id or by pack/id; each fired rule id counts once. */
    private static void compareRules(List<String> expected, List<Reason> fired, List<String> out) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> qualified = new LinkedHashSet<>();
        for (Reason r : fired) {
            ids.add(r.ruleId());
            qualified.add(r.packId() + "/" + r.ruleId());
        }
        List<String> missing = new ArrayList<>();
        Set<String> matched = new LinkedHashSet<>();
        for (String e : expected) {
            if (ids.contains(e)) {
                matched.add(e);
            } else if (qualified.contains(e)) {
                matched.add(e.substring(e.indexOf('/') + 1));
            } else {
                missing.add(e);
            }
        }
        List<String> unexpected = ids.stream().filter(id -> !matched.contains(id)).collect(Collectors.toList());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            out.add("rules: " + (missing.isEmpty() ? "" : "expected but did not fire " + missing)
                    + (!missing.isEmpty() && !unexpected.isEmpty() ? "; " : "")
                    + (unexpected.isEmpty() ? "" : "fired but not expected " + unexpected));
        }
    }

    private static void compareConstraints(TestCase.ConstraintExpectation expected, Constraints actual,
                                           List<String> out) {
        if (expected.fields() != null && !expected.fields().equals(actual.fields())) {
            out.add("constraints.fields: expected " + expected.fields() + ", got " + actual.fields());
        }
        if (expected.dropped() != null && !expected.dropped().equals(actual.droppedFields())) {
            out.add("constraints.dropped: expected " + expected.dropped() + ", got " + actual.droppedFields());
        }
        if (expected.masks() != null) {
            expected.masks().forEach((field, spec) -> {
                String got = actual.masks().containsKey(field) ? actual.masks().get(field).text() : "(not delivered)";
                if (!spec.equals(got)) {
                    out.add("constraints.masks." + field + ": expected " + spec + ", got " + got);
                }
            });
        }
        if (expected.rowLimit() != null && expected.rowLimit() != actual.rowLimit()) {
            out.add("constraints.row-limit: expected " + expected.rowLimit() + ", got " + actual.rowLimit());
        }
        if (expected.maxValidity() != null && !expected.maxValidity().equals(actual.maxValidity())) {
            out.add("constraints.max-validity: expected " + expected.maxValidity() + ", got " + actual.maxValidity());
        }
        if (expected.maskingProfiles() != null && !expected.maskingProfiles().equals(actual.maskingProfiles())) {
            out.add("constraints.masking-profiles: expected " + expected.maskingProfiles() + ", got "
                    + actual.maskingProfiles());
        }
    }

    /** A pack file of the chain cannot be found or read. */
    private static final class PackLoadException extends RuntimeException {
        PackLoadException(String message) {
            super(message);
        }
    }
}
