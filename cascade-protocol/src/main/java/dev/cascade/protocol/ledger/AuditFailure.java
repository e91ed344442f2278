package dev.cascade.protocol.ledger;

/** Why an audited export is not the ledger its node signed; see {@link LedgerAudit}. */
public enum AuditFailure {
    /** The index the entries should continue with is absent (deleted, or the export stops short). */
    MISSING_ENTRY,
    /** An entry's index repeats or goes back, or lies beyond the export's end. */
    MISPLACED_ENTRY,
    /** An entry's fields do not give the leaf hash the node stored for it. */
    LEAF_MISMATCH,
    /** A signed head's root is not that of the leaves (stored hashes rewritten too), or the head cannot belong to this export. */
    HEAD_MISMATCH,
    /** A head's signature does not verify with the node certificate. */
    BAD_HEAD_SIGNATURE,
    /** A parent's anchor receipt does not verify, or names another node, parent or head. */
    BAD_RECEIPT,
    /** The export's certificate chain does not start with the node certificate the auditor trusts. */
    NOT_THE_NODE_CERTIFICATE
}
