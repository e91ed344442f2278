package dev.cascade.protocol.trust;

/** Why a parent refuses a child's certificate signing request. */
public enum CsrProblem {
    /** Not a DER PKCS#10 request, or it names no region. */
    MALFORMED,
    /** The request is not signed by the key it asks to certify (no proof of possession). */
    BAD_SIGNATURE,
    /** The request names another region than the one the join token was issued for. */
    REGION_MISMATCH,
    /** The expected region is not a direct child of the issuing node's region. */
    NOT_A_CHILD,
    /** The key is not EC P-256, the only key type Cascade CAs have. */
    UNSUPPORTED_KEY
}
