package dev.cascade.node.exchange;

import dev.cascade.protocol.region.RegionCode;
import java.util.Optional;

/**
 * Whether an emergency directive in force at this node stops an exchange with these parties: the
 * port through which the exchange asks supervision, which implements it (the exchange knows nothing
 * more of directives). Answers from memory when no directive is in force.
 */
public interface DirectiveCheck {

    /** The directive that stops it here, described for the refusal; empty when none does. */
    Optional<Stop> stops(RegionCode consumer, String consumerDept, RegionCode owner, String resource);

    /** A directive's verdict: its id and how a refusal names it. */
    record Stop(String directiveId, String reason) {
    }
}
