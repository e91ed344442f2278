package dev.cascade.policy.decision;

import dev.cascade.policy.mask.MaskSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a grant must respect, merged to the strictest over the defaults and every rule that fired.
 *
 * @param fields          the fields that may be delivered, in the order requested (the resource's order
 *                        when the request named none)
 * @param masks           the mask of each delivered field ({@code reveal} where none applies)
 * @param droppedFields   requested fields rules removed
 * @param rowLimit        the most rows (the request's own limit included)
 * @param maxValidity     the longest the grant may last
 * @param maskingProfiles the profiles applied to every field: the default first, then rules'
 */
public record Constraints(List<String> fields, Map<String, MaskSpec> masks, List<String> droppedFields,
                          long rowLimit, Duration maxValidity, List<String> maskingProfiles) {

    public Constraints {
        fields = List.copyOf(fields);
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        droppedFields = List.copyOf(droppedFields);
        Objects.requireNonNull(maxValidity, "maxValidity");
        maskingProfiles = List.copyOf(maskingProfiles);
    }
}
