package dev.cascade.policy.packtest;

import dev.cascade.policy.decision.AccessRequest;
import dev.cascade.policy.decision.DecisionContext;
import dev.cascade.policy.decision.PolicyResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One case of a pack test file: an input and the decision expected for it. */
record TestCase(String name, int line, AccessRequest request, PolicyResource resource, DecisionContext context,
                Expectation expect) {

    /**
     * @param decision permit, needs-approval or deny
     * @param rules    exactly the rules expected to fire (ids, or pack/id), or null to not check
     */
    record Expectation(String decision, List<String> rules, ConstraintExpectation constraints) {
    }

    /** Each attribute null when the case does not check it; masks are checked for the listed fields only. */
    record ConstraintExpectation(List<String> fields, List<String> dropped, Map<String, String> masks, Long rowLimit,
                                 Duration maxValidity, List<String> maskingProfiles) {
    }
}
