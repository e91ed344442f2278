package dev.cascade.policy.packtest;

import java.util.List;

/**
 * What running a pack's test suite found. {@link #exitCode()} is what {@code cascade-node policy
 * test} exits with: 0 all cases passed, 1 a case failed, 2 the suite could not run (a pack or test
 * file is invalid, a pack was refused, or there are no cases — a suite that tests nothing passes
 * nothing).
 *
 * @param target the pack directory and its chain, for the summary line
 * @param errors problems that kept files or cases from running, each naming its file
 */
public record PackTestReport(String target, List<CaseResult> cases, List<String> errors) {

    public PackTestReport {
        cases = List.copyOf(cases);
        errors = List.copyOf(errors);
    }

    public long passedCount() {
        return cases.stream().filter(CaseResult::passed).count();
    }

    public long failedCount() {
        return cases.size() - passedCount();
    }

    public boolean passed() {
        return errors.isEmpty() && !cases.isEmpty() && failedCount() == 0;
    }

    public int exitCode() {
        if (!errors.isEmpty() || cases.isEmpty()) {
            return 2;
        }
        return failedCount() == 0 ? 0 : 1;
    }

    /** The report as text: each case PASS or FAIL with its differences, then a summary line. */
    public String render() {
        StringBuilder out = new StringBuilder();
        String file = null;
        for (CaseResult c : cases) {
            if (!c.file().equals(file)) {
                file = c.file();
                out.append(file).append('\n');
            }
            out.append(c.passed() ? "  PASS  " : "  FAIL  ").append(c.name());
            if (!c.passed()) {
                out.append("  (line ").append(c.line()).append(')');
            }
            out.append('\n');
            for (String d : c.differences()) {
                out.append("          ").append(d).append('\n');
            }
        }
        for (String e : errors) {
            out.append("ERROR ").append(e).append('\n');
        }
        if (cases.isEmpty() && errors.isEmpty()) {
            out.append("ERROR no test cases found\n");
        }
        out.append("-".repeat(72)).append('\n');
        out.append(target).append(": ").append(passedCount()).append('/').append(cases.size()).append(" passed");
        if (failedCount() > 0) {
            out.append(", ").append(failedCount()).append(" failed");
        }
        if (!errors.isEmpty()) {
            out.append(", ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        }
        out.append('\n');
        return out.toString();
    }
}
