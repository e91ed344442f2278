package dev.cascade.protocol.trust;

/**
 * The algorithm family of a node's application key. The certificate chain and TLS keys are always
 * ECDSA P-256 (see docs/decisions/0001-tier-pki.md); only the application key varies.
 */
public enum KeySuite {
    /** SM2 key on curve sm2p256v1, signatures SM3withSM2 (GB/T 32918, GB/T 32905). */
    GM,
    /** ECDSA P-256 key, signatures SHA256withECDSA. */
    INTL
}
