package dev.cascade.policy.pack;

import dev.cascade.policy.mask.MaskSpec;
import java.time.Duration;
import java.util.List;

/**
 * What a rule adds to a decision when it fires. Every constraint only tightens: limits merge to the
 * smallest, masks to the strongest, dropped fields to the union.
 *
 * @param maskingProfile applied to every delivered field (request scope) or to the judged field (field scope)
 * @param dropFields     request scope: these fields are not delivered
 * @param drop           field scope: the judged field is not delivered
 * @param mask           field scope: the judged field is masked at least this strongly
 */
public record RuleConstraints(String maskingProfile, Long rowLimit, Duration maxValidity, List<String> dropFields,
                              boolean drop, MaskSpec mask) {

    public static final RuleConstraints NONE = new RuleConstraints(null, null, null, List.of(), false, null);

    public RuleConstraints {
        dropFields = dropFields == null ? List.of() : List.copyOf(dropFields);
    }
}
