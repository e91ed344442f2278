package dev.cascade.node.link;

import dev.cascade.proto.supervision.v1.DirectiveSet;
import dev.cascade.proto.supervision.v1.SupervisionUp;
import dev.cascade.protocol.region.RegionCode;
import java.util.Optional;

/**
 * Where the link hands supervision traffic, and what it asks for its heartbeats. The supervision
 * feature implements it; the link knows nothing more of supervision. Calls come on a link's stream
 * thread: an implementation hands the work off rather than block it.
 */
public interface SupervisionPort {

    /** Reports, alerts and alert changes from a direct child, as it sent them. */
    void fromChild(RegionCode child, SupervisionUp up);

    /** The parent stored the batch numbered {@code batch}. */
    void acknowledged(long batch);

    /** The directives in force for this node's subtree, as the parent sends them (the whole set). */
    void fromParent(RegionCode parent, DirectiveSet directives);

    /** Digest of the directive set this node holds (heartbeat up; empty when none). */
    String heldDirectiveDigest();

    /** Digest of the directive set this node sends {@code child} (heartbeat down; empty when none). */
    String directiveDigestFor(RegionCode child);

    /** The directive set for {@code child}, when it has any. */
    Optional<DirectiveSet> directivesFor(RegionCode child);
}
