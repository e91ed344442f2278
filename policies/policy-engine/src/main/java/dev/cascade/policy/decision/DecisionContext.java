package dev.cascade.policy.decision;

import java.time.Instant;
import java.util.Objects;

/** Who asks, how the data would travel, and when. */
public record DecisionContext(Requester requester, Route route, Instant now) {

    public DecisionContext {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(now, "now");
    }

    /** With the route computed from the requester's region to the resource owner's. */
    public static DecisionContext of(Requester requester, PolicyResource resource, Instant now) {
        return new DecisionContext(requester, Route.between(requester.region(), resource.ownerRegion()), now);
    }
}
