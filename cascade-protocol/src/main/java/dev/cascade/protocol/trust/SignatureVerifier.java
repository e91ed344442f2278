package dev.cascade.protocol.trust;

/**
 * Checks many signatures made with one application key. Obtained from
 * {@link Signatures#verifierFor(java.security.PublicKey)}; the algorithm comes from the key.
 * Not thread-safe: keep one per thread (relaying thousands of changes of one origin is the case
 * it exists for — it skips the per-call provider lookup and SM2's per-key Z computation).
 */
public interface SignatureVerifier {

    /** False for a wrong or malformed signature; never throws on bad input. */
    boolean verify(byte[] data, byte[] signature);
}
