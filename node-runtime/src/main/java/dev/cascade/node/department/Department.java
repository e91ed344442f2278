package dev.cascade.node.department;

import java.time.Instant;

/** A department attached to this node, as the rest of the node and its API see it. */
public record Department(String id, String name, Instant createdAt, Instant suspendedAt) {

    public boolean suspended() {
        return suspendedAt != null;
    }
}
