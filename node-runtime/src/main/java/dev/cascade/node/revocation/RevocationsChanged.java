package dev.cascade.node.revocation;

import java.util.Optional;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.SignedRevocationList;

/** A newer revocation list was accepted; {@code from} is the link it came over, if any. */
public record RevocationsChanged(SignedRevocationList list, Optional<RegionCode> from) {
}
