package dev.cascade.protocol.trust;

import java.security.PublicKey;

/**
 * The algorithm family of a node's application key. The certificate chain and TLS keys are always
 * ECDSA P-256 (see docs/decisions/0001-tier-pki.md); only the application key varies.
 */
public enum KeySuite {
    /** SM2 key on curve sm2p256v1, signatures SM3withSM2 (GB/T 32918, GB/T 32905). */
    GM,
    /** ECDSA P-256 key, signatures SHA256withECDSA. */
    INTL;

    /**
     * The suite an application key belongs to, read from its curve; lets code outside trust follow a
     * peer's key (for instance to pick the cipher for data sent to it) without naming an algorithm.
     *
     * @throws IllegalArgumentException for a key that is neither SM2 nor P-256
     */
    public static KeySuite of(PublicKey appKey) {
        return Algorithms.suiteOf(appKey)
                .orElseThrow(() -> new IllegalArgumentException("not an SM2 or P-256 application key"));
    }
}
