package dev.cascade.protocol.envelope;

import java.util.Objects;

/**
 * One encrypted piece of an exchange's stream, as it travels and as the consumer stores it. The
 * header fields are in clear for routing and ordering; all of them are also authenticated (GCM
 * associated data), so changing any header field makes the chunk refuse to open.
 *
 * <p>The ciphertext array is neither copied nor copied out: chunks are megabytes and the delivery
 * path is measured in MB/s. Treat it as immutable.
 *
 * @param index      0, 1, 2 … within the exchange
 * @param last       true only on the exchange's final chunk; its absence at the end is truncation
 * @param ciphertext GCM ciphertext followed by the 16-byte tag
 */
public record SealedChunk(ExchangeId exchange, long index, boolean last, byte[] ciphertext) {

    public SealedChunk {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must not be negative, was " + index);
        }
    }

    /** Plaintext length this chunk opens to (ciphertext minus the tag). */
    public int plaintextLength() {
        return Math.max(0, ciphertext.length - DataSuite.TAG_BYTES);
    }

    @Override
    public String toString() {
        return "SealedChunk[" + exchange + " #" + index + (last ? " final" : "") + ", " + ciphertext.length + " bytes]";
    }
}
