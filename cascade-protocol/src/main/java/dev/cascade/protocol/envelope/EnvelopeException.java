package dev.cascade.protocol.envelope;

import java.util.Objects;

/**
 * The envelope refused input: a chunk, signature or wrapped key that is not exactly what the owner
 * produced for this exchange. Unchecked on purpose: a refusal means no plaintext and no key are
 * returned, so an uncaught one fails closed, and the node runtime maps it once at its edge.
 * Misuse by the caller (sealing after the final chunk, using a destroyed key) is an
 * {@link IllegalStateException} instead, because it is a bug, not an attack.
 */
public final class EnvelopeException extends RuntimeException {

    /** Why the envelope refused. */
    public enum Reason {
        /** Authentication failed: a byte of ciphertext or tag, the index, the final flag or the exchange id was altered. */
        TAMPERED,
        /** The chunk names another exchange than the one being opened. */
        WRONG_EXCHANGE,
        /** The chunk is not the next one: reordered, repeated or one was dropped. */
        OUT_OF_ORDER,
        /** The stream ended before the chunk marked final: its tail was cut off. */
        TRUNCATED,
        /** A chunk arrived after the chunk marked final. */
        AFTER_FINAL,
        /** The owner's signature over the chunk does not verify under the owner's application key. */
        BAD_SIGNATURE,
        /** A wrapped or stored data key does not open: wrong key, altered bytes or another exchange. */
        KEY_REFUSED,
        /** Input that no honest owner produces (a chunk over the size limit, a ciphertext shorter than a tag). */
        MALFORMED
    }

    private final Reason reason;

    public EnvelopeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
