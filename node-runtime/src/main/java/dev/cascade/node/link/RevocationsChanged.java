package dev.cascade.node.link;

import java.util.Optional;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.SignedRevocationList;

/**
 * A newer revocation list was accepted; {@code from} is the link it came over, if any. Fired by the
 * node's revocations; the link layer floods the list on and cuts the links (and tier-service
 * streams) of peers it revokes.
 */
public record RevocationsChanged(SignedRevocationList list, Optional<RegionCode> from) {
}
