package dev.cascade.node.ledger;

import java.time.Instant;

/**
 * The audit ledger in the node's status report: entries under the newest signed head and the
 * newest head the parent anchored (null at the national node or before the first receipt).
 */
public record LedgerStatus(long treeSize, String hash, Instant signedAt, Long anchoredSize, Instant anchoredAt) {
}
