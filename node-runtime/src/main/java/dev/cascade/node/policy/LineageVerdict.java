package dev.cascade.node.policy;

import dev.cascade.policy.inherit.EffectivePack;

/** What a node makes of a lineage its parent sent. */
public sealed interface LineageVerdict permits LineageVerdict.Accepted, LineageVerdict.Refused {

    /** Every pack verified, placed and composed: the ancestors' policy this node must enforce. */
    record Accepted(Lineage lineage, EffectivePack effective) implements LineageVerdict {
    }

    /** Nothing of the lineage is used; {@code reason} names the pack and what is wrong with it. */
    record Refused(String reason) implements LineageVerdict {
    }
}
