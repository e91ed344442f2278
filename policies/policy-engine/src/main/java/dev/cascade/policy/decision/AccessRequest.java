package dev.cascade.policy.decision;

import java.util.List;
import java.util.Objects;

/**
 * What a consumer department asks of a resource.
 *
 * @param fields     the fields asked for; empty means every field of the resource
 * @param legalBasis the law or agreement the request relies on, or "" for none
 * @param rowLimit   the most rows wanted; 0 when not stated (the policy's limit applies)
 * @param window     the period asked for, or null (from the decision's time, for the policy's max validity)
 */
public record AccessRequest(String purpose, List<String> fields, String legalBasis, long rowLimit, TimeWindow window) {

    public AccessRequest {
        purpose = purpose == null ? "" : purpose;
        fields = fields == null ? List.of() : List.copyOf(fields);
        legalBasis = legalBasis == null ? "" : legalBasis;
        if (rowLimit < 0) {
            throw new IllegalArgumentException("row limit must not be negative");
        }
        fields.forEach(f -> Objects.requireNonNull(f, "field name"));
    }
}
