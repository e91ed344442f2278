package dev.cascade.protocol.ledger;

import java.util.Objects;

/**
 * What an offline audit of a ledger export found.
 *
 * @param entriesChecked        entries in sequence whose fields give their stored leaf
 * @param headsVerified         heads whose signature, root and receipt (if any) verify
 * @param anchoredHeadsVerified of those, the heads with a verified parent receipt
 * @param uncoveredEntries      entries after the newest head: not bad, but no signed head covers them yet
 */
public record AuditReport(long entriesChecked, long headsVerified, long anchoredHeadsVerified, long uncoveredEntries,
                          Verdict verdict) {

    public sealed interface Verdict permits Verified, FirstBadIndex {
    }

    public record Verified() implements Verdict {
    }

    /**
     * @param index  the first entry index the export cannot vouch for
     * @param detail one line for the operator: which entry or head, and what does not match
     */
    public record FirstBadIndex(long index, AuditFailure failure, String detail) implements Verdict {
        public FirstBadIndex {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public AuditReport {
        Objects.requireNonNull(verdict, "verdict");
    }

    public boolean verified() {
        return verdict instanceof Verified;
    }
}
