package dev.cascade.protocol.trust;

/** Why a peer's certificate chain was refused. */
public enum RefusalReason {
    /** The peer presented no certificate at all. */
    NO_CERTIFICATE,
    /** A certificate is missing what every Cascade certificate has (e.g. its region name), or the chain is out of order. */
    MALFORMED,
    /** The chain does not lead to this hierarchy's root. */
    UNKNOWN_ROOT,
    EXPIRED,
    NOT_YET_VALID,
    /** A certificate in the chain is on a revocation list accepted by the RevocationRegistry. */
    REVOKED,
    /** A region claim is inconsistent with the chain: outside the issuer's region, wrong tier, or not the expected peer. */
    REGION_VIOLATION,
    /** Anything else the PKIX validator refused (bad signature, path length, key usage, ...). */
    INVALID_CHAIN
}
