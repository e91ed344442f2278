package dev.cascade.protocol.envelope;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A consumer node's long-lived local key for data keys at rest. Received chunks are stored exactly
 * as they arrived; what changes is only the small data key, re-wrapped from the node's application
 * key (slow, SM2/ECDH) to this symmetric key, so reading stored data later needs no private-key
 * operation and destroys nothing still needed.
 *
 * <p>Wrapping is GCM in the storage key's own suite with a random 96-bit nonce — random because,
 * unlike a data key, this key is used for many wraps over its life; at that nonce size GCM stays
 * within its bounds for 2^32 wraps per storage key, which a node rotates long before. The
 * associated data binds the exchange id, so a stored key cannot be moved to another exchange.
 *
 * <p>The same key seals the node's other small secrets at rest ({@link #sealRecord}): a provider
 * source's credentials, bound to what they belong to, so the database alone never holds them.
 *
 * <p>Thread-safe. Where the storage key itself is kept (the node's key store) is the node runtime's
 * business; {@link #exportBytes()} and {@link #restore} exist for exactly that.
 */
public final class StorageKey implements Destroyable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD_CONTEXT = "cascade.envelope.stored-key.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_CONTEXT = "cascade.storage.record.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;
    private static final byte RECORD_FORMAT = 2;
    private static final int HEADER = 1 + DataSuite.NONCE_BYTES;

    private final DataSuite suite;
    private final byte[] key;
    private volatile boolean destroyed;

    private StorageKey(DataSuite suite, byte[] key) {
        this.suite = suite;
        this.key = key;
    }

    /** A new random storage key; a node picks the suite following its own application key. */
    public static StorageKey generate(DataSuite suite) {
        Objects.requireNonNull(suite, "suite");
        byte[] key = new byte[suite.keyBytes()];
        RANDOM.nextBytes(key);
        return new StorageKey(suite, key);
    }

    /** A storage key read back from the node's key store; copies the bytes. */
    public static StorageKey restore(DataSuite suite, byte[] keyBytes) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(keyBytes, "keyBytes");
        if (keyBytes.length != suite.keyBytes()) {
            throw new IllegalArgumentException(suite + " storage keys are " + suite.keyBytes() + " bytes, not " + keyBytes.length);
        }
        return new StorageKey(suite, keyBytes.clone());
    }

    /** A copy of the key bytes, for the node's key store only. */
    public synchronized byte[] exportBytes() {
        requireUsable();
        return key.clone();
    }

    public DataSuite suite() {
        return suite;
    }

    record Opened(DataSuite suite, byte[] key) {
    }

    StoredDataKey seal(DataSuite dataSuite, byte[] dataKey, ExchangeId exchange) {
        byte[] plain = new byte[1 + dataKey.length];
        plain[0] = dataSuite.code();
        System.arraycopy(dataKey, 0, plain, 1, dataKey.length);
        try {
            return new StoredDataKey(sealWith(FORMAT, plain, aad(AAD_CONTEXT, exchange.encoded())));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    Opened open(StoredDataKey stored, ExchangeId exchange) {
        byte[] in = stored.bytes();
        int plainLength = in.length - HEADER - DataSuite.TAG_BYTES;
        if (plainLength < 2 || in[0] != FORMAT) {
            throw refused(exchange, "is not a stored data key");
        }
        byte[] plain = null;
        try {
            plain = openWith(in, aad(AAD_CONTEXT, exchange.encoded()));
            DataSuite dataSuite = DataSuite.ofCode(plain[0]);
            if (plainLength - 1 != dataSuite.keyBytes()) {
                throw refused(exchange, "holds a key of the wrong length");
            }
            return new Opened(dataSuite, Arrays.copyOfRange(plain, 1, plainLength));
        } catch (InvalidCipherTextException | IllegalArgumentException e) {
            throw refused(exchange, "does not open under this storage key (other key, other exchange or altered)");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * Seals a small record kept at rest, bound to {@code context} (what it belongs to, e.g.
     * {@code data_source.secrets/RESOURCE_ID}): it opens only under this key and the same context.
     */
    public byte[] sealRecord(String context, byte[] plain) {
        Objects.requireNonNull(plain, "plain");
        return sealWith(RECORD_FORMAT, plain, aad(RECORD_CONTEXT, context.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @throws EnvelopeException KEY_REFUSED for another key, another context, an altered record or
     *                           bytes that are no sealed record
     */
    public byte[] openRecord(String context, byte[] sealed) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < HEADER + DataSuite.TAG_BYTES || sealed[0] != RECORD_FORMAT) {
            throw new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED, "the record for " + context + " is not sealed");
        }
        try {
            return openWith(sealed, aad(RECORD_CONTEXT, context.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidCipherTextException e) {
            throw new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED, "the record for " + context
                    + " does not open under this storage key (other key, other owner or altered)");
        }
    }

    /** {@code format} ‖ a random nonce ‖ GCM of {@code plain} under {@code aad}, tag included. */
    private byte[] sealWith(byte format, byte[] plain, byte[] aad) {
        byte[] out = new byte[HEADER + plain.length + DataSuite.TAG_BYTES];
        out[0] = format;
        byte[] nonce = new byte[DataSuite.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, nonce.length);
        try {
            GCMModeCipher gcm = gcm(true, nonce, aad);
            int n = gcm.processBytes(plain, 0, plain.length, out, HEADER);
            gcm.doFinal(out, HEADER + n);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(suite + " encryption failed", e); // cannot happen when encrypting
        }
    }

    /**
     * The plaintext of what {@link #sealWith} wrote (the caller has checked the format byte and
     * the length). GCM hands out plaintext before it checks the tag; on a refusal none of it survives.
     */
    private byte[] openWith(byte[] in, byte[] aad) throws InvalidCipherTextException {
        byte[] plain = new byte[in.length - HEADER - DataSuite.TAG_BYTES];
        try {
            GCMModeCipher gcm = gcm(false, Arrays.copyOfRange(in, 1, HEADER), aad);
            int n = gcm.processBytes(in, HEADER, in.length - HEADER, plain, 0);
            gcm.doFinal(plain, n);
            return plain;
        } catch (InvalidCipherTextException | RuntimeException e) {
            Arrays.fill(plain, (byte) 0);
            throw e;
        }
    }

    private byte[] aad(byte[] context, byte[] subject) {
        byte[] aad = Arrays.copyOf(context, context.length + 1 + subject.length);
        aad[context.length] = suite.code();
        System.arraycopy(subject, 0, aad, context.length + 1, subject.length);
        return aad;
    }

    private GCMModeCipher gcm(boolean encrypt, byte[] nonce, byte[] aad) {
        KeyParameter parameter;
        synchronized (this) {
            requireUsable();
            parameter = new KeyParameter(key);
        }
        GCMModeCipher gcm = suite.newGcm();
        gcm.init(encrypt, new AEADParameters(parameter, DataSuite.TAG_BYTES * 8, nonce, aad));
        Arrays.fill(parameter.getKey(), (byte) 0);
        return gcm;
    }

    private static EnvelopeException refused(ExchangeId exchange, String what) {
        return new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED,
                "the stored data key of exchange " + exchange + " " + what);
    }

    /** Zeroes the key bytes. Idempotent. */
    @Override
    public synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireUsable() {
        if (destroyed) {
            throw new IllegalStateException("the storage key has been destroyed");
        }
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "StorageKey[" + suite + (destroyed ? ", destroyed" : "") + "]";
    }
}
