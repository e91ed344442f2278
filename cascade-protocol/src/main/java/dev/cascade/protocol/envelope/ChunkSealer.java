package dev.cascade.protocol.envelope;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Seals an exchange's stream into chunks 0, 1, 2 … under its {@link DataKey}; obtained once per key
 * from {@link DataKey#sealer()}. The sealer, not the caller, numbers the chunks, so no index (and
 * therefore no nonce) is ever used twice.
 *
 * <p><b>Single-threaded.</b> One instance keeps one BouncyCastle GCM cipher whose key schedule and
 * GHASH table are computed once; each chunk only re-initialises the nonce and associated data. A
 * stream is sealed in order anyway, so locking would buy nothing.
 */
public final class ChunkSealer {

    private final DataKey key;
    private final ExchangeId exchange;
    private final GCMModeCipher gcm;
    private final byte[] aad;
    private boolean keyed;
    private long next;
    private boolean finished;

    ChunkSealer(DataKey key) {
        this.key = key;
        this.exchange = key.exchange();
        this.gcm = key.suite().newGcm();
        this.aad = ChunkFormat.aadTemplate(exchange);
    }

    public SealedChunk seal(byte[] plaintext, boolean last) {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(plaintext, 0, plaintext.length, last);
    }

    /**
     * Seals the next chunk.
     *
     * @param last true for the final chunk (which may be empty); nothing can be sealed after it
     * @throws IllegalStateException after the final chunk, or once the data key is destroyed
     */
    public SealedChunk seal(byte[] plaintext, int offset, int length, boolean last) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        if (finished) {
            throw new IllegalStateException("exchange " + exchange + " is already sealed up to its final chunk " + (next - 1));
        }
        key.requireUsable();
        if (length > ChunkFormat.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("a chunk holds at most " + ChunkFormat.MAX_CHUNK_BYTES + " bytes, not " + length);
        }
        if (next >= ChunkFormat.MAX_CHUNKS) {
            throw new IllegalStateException("exchange " + exchange + " has reached " + ChunkFormat.MAX_CHUNKS + " chunks");
        }
        long index = next;
        // The key goes in with chunk 0 only; later inits pass null and keep BouncyCastle's key
        // schedule and GHASH table. (Keying earlier with a placeholder nonce would not do: BC then
        // refuses a null-key re-init that happens to repeat that nonce.)
        KeyParameter keyParameter = keyed ? null : key.keyParameter();
        try {
            gcm.init(true, new AEADParameters(keyParameter, DataSuite.TAG_BYTES * 8, ChunkFormat.nonce(index),
                    ChunkFormat.aad(aad, index, last)));
            keyed = true;
        } finally {
            if (keyParameter != null) {
                Arrays.fill(keyParameter.getKey(), (byte) 0);
            }
        }
        byte[] out = new byte[length + DataSuite.TAG_BYTES];
        try {
            int n = gcm.processBytes(plaintext, offset, length, out, 0);
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption failed", e); // cannot happen when encrypting
        }
        next = index + 1;
        if (last) {
            finished = true;
            ChunkCiphers.wipe(gcm, key.suite());
        }
        return new SealedChunk(exchange, index, last, out);
    }

    /** Chunks sealed so far; after the final chunk, the exchange's chunk count. */
    public long chunksSealed() {
        return next;
    }

    public boolean isFinished() {
        return finished;
    }
}
