package dev.cascade.policy.packtest;

import java.util.List;

/**
 * The outcome of one test case.
 *
 * @param differences what differed from the expectation, one line each; empty when it passed
 */
public record CaseResult(String file, String name, int line, List<String> differences) {

    public CaseResult {
        differences = List.copyOf(differences);
    }

    public boolean passed() {
        return differences.isEmpty();
    }
}
