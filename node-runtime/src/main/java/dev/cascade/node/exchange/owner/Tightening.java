package dev.cascade.node.exchange.owner;

import dev.cascade.node.problem.ProblemException;
import dev.cascade.policy.decision.Constraints;
import dev.cascade.policy.mask.MaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an approver may add to the policy's constraints: fewer fields, fewer rows, a shorter
 * validity. Never more: anything outside the policy's constraints is refused naming it.
 *
 * @param fields   the fields to deliver, or empty for all the policy allows
 * @param rowLimit the most rows, or 0 for the policy's limit
 * @param validity how long the grant lasts, or null for the policy's maximum
 */
public record Tightening(List<String> fields, long rowLimit, Duration validity) {

    public static final Tightening NONE = new Tightening(List.of(), 0, null);

    public Tightening {
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (rowLimit < 0) {
            throw ProblemException.badRequest("rowLimit must not be negative");
        }
        if (validity != null && (validity.isNegative() || validity.isZero())) {
            throw ProblemException.badRequest("validity must be positive");
        }
    }

    Constraints apply(Constraints policy) {
        List<String> kept = new ArrayList<>(policy.fields());
        List<String> dropped = new ArrayList<>(policy.droppedFields());
        if (!fields.isEmpty()) {
            for (String f : fields) {
                if (!policy.fields().contains(f)) {
                    throw ProblemException.badRequest("field '" + f + "' is not among those the policy allows: "
                            + String.join(", ", policy.fields()));
                }
            }
            kept.removeIf(f -> !fields.contains(f));
            policy.fields().stream().filter(f -> !fields.contains(f)).forEach(dropped::add);
        }
        Map<String, MaskSpec> masks = new LinkedHashMap<>(policy.masks());
        masks.keySet().retainAll(kept);
        long rows = policy.rowLimit();
        if (rowLimit > 0) {
            rows = rows == 0 ? rowLimit : Math.min(rows, rowLimit);
        }
        Duration valid = validity == null || validity.compareTo(policy.maxValidity()) > 0 ? policy.maxValidity() : validity;
        return new Constraints(kept, masks, dropped, rows, valid, policy.maskingProfiles());
    }
}
