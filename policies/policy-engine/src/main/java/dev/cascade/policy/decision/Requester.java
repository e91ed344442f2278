package dev.cascade.policy.decision;

import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import java.util.List;
import java.util.Objects;

/**
 * The consumer department, as its node vouches for it.
 *
 * @param clearance the highest level of data the department may receive field by field
 */
public record Requester(String department, RegionCode region, List<String> roles, DataLevel clearance) {

    public Requester {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(clearance, "clearance");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
