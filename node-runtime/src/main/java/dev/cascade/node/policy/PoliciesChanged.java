package dev.cascade.node.policy;

/** The lineage this node enforces changed; {@code lineage} is what its children must now receive. */
public record PoliciesChanged(Lineage lineage) {
}
