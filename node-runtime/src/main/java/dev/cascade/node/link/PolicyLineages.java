package dev.cascade.node.link;

import java.util.Optional;

import dev.cascade.proto.tier.v1.PolicyLineage;
import java.util.Optional;

import dev.cascade.protocol.region.RegionCode;

/**
 * The policy lineage as the tier link carries it (decision 0007): heartbeats to the parent carry
 * the digest of what this node holds from its ancestors, heartbeats to children the digest of what
 * it hands down, and a child that reports another digest is sent the lineage again. Implemented by
 * the node's policy book, which calls {@link LinkHub#handDown} whenever what it hands down changes.
 */
public interface PolicyLineages {

    /** Digest of the lineage held from this node's ancestors. */
    String heldDigest();

    /** Digest of the lineage this node's children must hold; empty when there is none. */
    String downwardDigest();

    /** The lineage this node's children must hold, in its wire form; empty when there is none. */
    Optional<PolicyLineage> downward();

    /** A lineage the parent sent. */
    void acceptFromParent(PolicyLineage lineage, RegionCode parent);
}
