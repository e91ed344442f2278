package dev.cascade.protocol.envelope;

import dev.cascade.protocol.envelope.EnvelopeException.Reason;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Opens an exchange's chunks strictly in order 0, 1, 2 … and insists on the final one: a reordered,
 * repeated, dropped, altered or foreign chunk is refused with an {@link EnvelopeException}, and
 * {@link #finish()} refuses a stream whose tail was cut off. Plaintext is returned only for a chunk
 * that authenticated.
 *
 * <p>A refused chunk does not advance the opener, so the caller may retry the same index with a
 * good copy (fetched again, or from another route).
 *
 * <p><b>Single-threaded</b>, like {@link ChunkSealer}: one GCM instance, keyed once.
 */
public final class ChunkOpener {

    private final DataKey key;
    private final ExchangeId exchange;
    private final GCMModeCipher gcm;
    private final byte[] aad;
    private boolean keyed;
    private long next;
    private boolean complete;

    ChunkOpener(DataKey key) {
        this.key = key;
        this.exchange = key.exchange();
        this.gcm = key.suite().newGcm();
        this.aad = ChunkFormat.aadTemplate(exchange);
    }

    /**
     * The plaintext of the next chunk.
     *
     * @throws EnvelopeException     WRONG_EXCHANGE, AFTER_FINAL, OUT_OF_ORDER, MALFORMED or TAMPERED
     * @throws IllegalStateException once the data key is destroyed
     */
    public byte[] open(SealedChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        key.requireUsable();
        if (!chunk.exchange().equals(exchange)) {
            throw new EnvelopeException(Reason.WRONG_EXCHANGE,
                    "chunk " + chunk.index() + " belongs to exchange " + chunk.exchange() + ", not " + exchange);
        }
        if (complete) {
            throw new EnvelopeException(Reason.AFTER_FINAL,
                    "exchange " + exchange + " ended with chunk " + (next - 1) + "; chunk " + chunk.index() + " follows it");
        }
        if (chunk.index() != next) {
            throw new EnvelopeException(Reason.OUT_OF_ORDER,
                    "exchange " + exchange + " expects chunk " + next + ", got chunk " + chunk.index());
        }
        byte[] ciphertext = chunk.ciphertext();
        if (ciphertext.length < DataSuite.TAG_BYTES
                || ciphertext.length > ChunkFormat.MAX_CHUNK_BYTES + DataSuite.TAG_BYTES) {
            throw new EnvelopeException(Reason.MALFORMED,
                    "chunk " + next + " of exchange " + exchange + " has " + ciphertext.length + " bytes of ciphertext");
        }
        KeyParameter keyParameter = keyed ? null : key.keyParameter();
        try {
            gcm.init(false, new AEADParameters(keyParameter, DataSuite.TAG_BYTES * 8, ChunkFormat.nonce(next),
                    ChunkFormat.aad(aad, next, chunk.last())));
            keyed = true;
        } finally {
            if (keyParameter != null) {
                Arrays.fill(keyParameter.getKey(), (byte) 0);
            }
        }
        byte[] plain = new byte[ciphertext.length - DataSuite.TAG_BYTES];
        try {
            int n = gcm.processBytes(ciphertext, 0, ciphertext.length, plain, 0);
            gcm.doFinal(plain, n);
        } catch (InvalidCipherTextException e) {
            // GCM has written unauthenticated plaintext already; it must not survive the refusal.
            Arrays.fill(plain, (byte) 0);
            throw new EnvelopeException(Reason.TAMPERED, "chunk " + next + " of exchange " + exchange
                    + " does not authenticate (altered bytes, index, final flag or exchange id, or another key)");
        }
        next++;
        if (chunk.last()) {
            complete = true;
            ChunkCiphers.wipe(gcm, key.suite());
        }
        return plain;
    }

    /**
     * Call when the transport says the stream has ended.
     *
     * @throws EnvelopeException TRUNCATED unless the chunk marked final has been opened
     */
    public void finish() {
        if (!complete) {
            throw new EnvelopeException(Reason.TRUNCATED, "exchange " + exchange + " ended after chunk "
                    + (next - 1) + " without its final chunk");
        }
    }

    public boolean isComplete() {
        return complete;
    }

    public long chunksOpened() {
        return next;
    }
}
