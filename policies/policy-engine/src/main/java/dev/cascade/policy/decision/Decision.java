package dev.cascade.policy.decision;

import dev.cascade.policy.pack.Effect;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a policy decision. Every variant lists every rule that fired ({@link #fired}), in
 * evaluation order; {@code reasons} are those among them that caused the outcome.
 */
public sealed interface Decision permits Decision.Permit, Decision.NeedsApproval, Decision.Deny {

    List<Reason> fired();

    Effect effect();

    record Permit(Constraints constraints, List<Reason> fired) implements Decision {
        public Permit {
            Objects.requireNonNull(constraints, "constraints");
            fired = List.copyOf(fired);
        }

        public Effect effect() {
            return Effect.PERMIT;
        }
    }

    /** The provider's approver decides; if approved, the constraints apply. */
    record NeedsApproval(Constraints constraints, List<Reason> reasons, List<Reason> fired) implements Decision {
        public NeedsApproval {
            Objects.requireNonNull(constraints, "constraints");
            reasons = List.copyOf(reasons);
            fired = List.copyOf(fired);
        }

        public Effect effect() {
            return Effect.REQUIRE_APPROVAL;
        }
    }

    record Deny(List<Reason> reasons, List<Reason> fired) implements Decision {
        public Deny {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a deny names at least one reason");
            }
            fired = List.copyOf(fired);
        }

        public Effect effect() {
            return Effect.DENY;
        }
    }
}
