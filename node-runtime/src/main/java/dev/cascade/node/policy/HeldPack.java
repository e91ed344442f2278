package dev.cascade.node.policy;

import dev.cascade.protocol.region.RegionCode;

/**
 * The newest pack this node has accepted from one issuer, whether or not it is in force: the mark a
 * later lineage may not fall below (no rollback), nor contradict (a version is never reused).
 */
public record HeldPack(RegionCode issuer, String packId, long version, String sha256) {
}
