package dev.cascade.node.admin;

import java.time.Instant;
import java.util.List;

import dev.cascade.node.policy.PolicyView;
import dev.cascade.node.ledger.LedgerStatus;

/**
 * What the admin API says about a running node: its links, the revocation lists it enforces and the
 * policy packs in force. Null fields are unknown or not applicable.
 */
public record StatusReport(
        String region,
        String tier,
        String version,
        Instant startedAt,
        ParentLink parent,
        List<ChildLink> children,
        int revocationLists,
        String revocationDigest,
        PolicyView policy,
        LedgerStatus ledger) {

    public record ParentLink(String region, String endpoint, String state, Instant since, Instant lastHeartbeat,
                             String lastError) {
    }

    public record ChildLink(String region, String state, Instant joinedAt, Instant revokedAt, Instant lastHeartbeat,
                            String lastError, List<Grandchild> children) {
    }

    public record Grandchild(String region, String state, Instant lastHeartbeat) {
    }
}
