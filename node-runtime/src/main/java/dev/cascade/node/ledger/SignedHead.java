package dev.cascade.node.ledger;

import java.time.Instant;
import java.util.Optional;

import dev.cascade.protocol.ledger.TreeHead;

/** A tree head this node signed, with its parent's receipt once the parent anchored it. */
public record SignedHead(TreeHead head, byte[] signature, Optional<Anchor> anchor) {

    /** The parent's signed receipt for a head: who anchored it, when, and the parent's chain (DER, leaf first). */
    public record Anchor(String parent, Instant anchoredAt, byte[] signature, byte[] chain) {
    }

    public long size() {
        return head.size();
    }
}
