package dev.cascade.protocol.envelope;

import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.KeyTransport;
import dev.cascade.protocol.trust.NodeCredentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The symmetric key of one exchange. The owner node makes a fresh one per exchange
 * ({@link #freshFor}), wraps it for the consumer's application key ({@link #wrapFor}) and seals the
 * stream with it ({@link #sealer()}); the consumer unwraps it ({@link #unwrap}), opens the chunks
 * and may keep it re-wrapped under a node-local {@link StorageKey} next to the stored ciphertext.
 *
 * <p>The key bytes never leave this object except encrypted. Its suite is fixed at birth by the
 * recipient's key, and it is bound to one exchange id for life, so it cannot be turned on another
 * exchange's chunks. Only a fresh key can seal, and only once: a counter nonce is safe only if one
 * sealer ever uses the key (see {@link ChunkFormat#nonce}). A key that arrived (unwrapped or
 * restored) opens only.
 *
 * <p>Thread-safe. {@link #destroy()} zeroes the bytes; every later use throws
 * {@link IllegalStateException}, including further chunks through a sealer or opener made earlier.
 */
public final class DataKey implements Destroyable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TRANSPORT_CONTEXT = "cascade.envelope.data-key.v1\0".getBytes(StandardCharsets.US_ASCII);

    private final DataSuite suite;
    private final ExchangeId exchange;
    private final byte[] key;
    private final boolean fresh;
    private boolean sealerIssued;
    private volatile boolean destroyed;

    private DataKey(DataSuite suite, ExchangeId exchange, byte[] key, boolean fresh) {
        this.suite = suite;
        this.exchange = exchange;
        this.key = key;
        this.fresh = fresh;
    }

    /**
     * A new random key for one exchange, in the suite that follows the recipient's application key
     * (SM4-128-GCM for an SM2 key, AES-256-GCM for a P-256 key).
     */
    public static DataKey freshFor(X509Certificate recipientAppCertificate, ExchangeId exchange) {
        Objects.requireNonNull(recipientAppCertificate, "recipientAppCertificate");
        Objects.requireNonNull(exchange, "exchange");
        DataSuite suite = DataSuite.following(KeySuite.of(recipientAppCertificate.getPublicKey()));
        byte[] key = new byte[suite.keyBytes()];
        RANDOM.nextBytes(key);
        return new DataKey(suite, exchange, key, true);
    }

    /** For tests in this package that need a chosen key (known answers, one key under two exchange ids). */
    static DataKey ofBytes(DataSuite suite, ExchangeId exchange, byte[] key) {
        if (key.length != suite.keyBytes()) {
            throw new IllegalArgumentException(suite + " takes " + suite.keyBytes() + "-byte keys");
        }
        return new DataKey(suite, exchange, key.clone(), true);
    }

    /**
     * Encrypts this key to a recipient's application key: SM2 (C1C3C2) for GM, ECIES-P256 for INTL,
     * bound to this exchange id. The caller must have validated the recipient's certificate chain.
     *
     * @throws IllegalArgumentException if the recipient's key is of another suite than this key
     *                                  was made for, or the certificate is a TLS one
     */
    public WrappedDataKey wrapFor(X509Certificate recipientAppCertificate) {
        Objects.requireNonNull(recipientAppCertificate, "recipientAppCertificate");
        DataSuite theirs = DataSuite.following(KeySuite.of(recipientAppCertificate.getPublicKey()));
        if (theirs != suite) {
            throw new IllegalArgumentException("this " + suite + " key was made for a recipient of another suite; "
                    + "the recipient's key calls for " + theirs);
        }
        synchronized (this) {
            requireUsable();
            return new WrappedDataKey(KeyTransport.wrapFor(recipientAppCertificate, key, transportContext(exchange)));
        }
    }

    /**
     * The consumer's side of {@link #wrapFor}: decrypts with the node's own application key.
     *
     * @throws EnvelopeException {@link EnvelopeException.Reason#KEY_REFUSED} for a key wrapped for
     *                           another node or exchange, or altered on the way
     */
    public static DataKey unwrap(NodeCredentials recipient, ExchangeId exchange, WrappedDataKey wrapped) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(wrapped, "wrapped");
        DataSuite suite = DataSuite.following(recipient.suite());
        byte[] key = KeyTransport.unwrapAsNode(recipient, wrapped.bytes(), transportContext(exchange))
                .orElseThrow(() -> new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED,
                        "the data key of exchange " + exchange + " does not unwrap with this node's application key"));
        if (key.length != suite.keyBytes()) {
            Arrays.fill(key, (byte) 0);
            throw new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED,
                    "the data key of exchange " + exchange + " is not a " + suite + " key");
        }
        return new DataKey(suite, exchange, key, false);
    }

    /**
     * This key encrypted under the node's storage key with the exchange id as associated data, to
     * keep next to the exchange's ciphertext chunks, which can then stay on disk exactly as received.
     */
    public StoredDataKey storeUnder(StorageKey storageKey) {
        Objects.requireNonNull(storageKey, "storageKey");
        synchronized (this) {
            requireUsable();
            return storageKey.seal(suite, key, exchange);
        }
    }

    /**
     * Back from {@link #storeUnder}. The restored key opens only.
     *
     * @throws EnvelopeException {@link EnvelopeException.Reason#KEY_REFUSED} for another storage
     *                           key, another exchange id or altered bytes
     */
    public static DataKey restore(StorageKey storageKey, ExchangeId exchange, StoredDataKey stored) {
        Objects.requireNonNull(storageKey, "storageKey");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(stored, "stored");
        StorageKey.Opened opened = storageKey.open(stored, exchange);
        return new DataKey(opened.suite(), exchange, opened.key(), false);
    }

    /**
     * The one sealer of this key. Not thread-safe; one exchange stream is sealed in order on one
     * thread (seal chunks on several threads with one exchange each, not one exchange on several).
     *
     * @throws IllegalStateException for a key that arrived rather than was made here, a second call,
     *                               or a destroyed key
     */
    public synchronized ChunkSealer sealer() {
        requireUsable();
        if (!fresh) {
            throw new IllegalStateException("a received data key opens only; the owner's fresh key seals");
        }
        if (sealerIssued) {
            // A second sealer would restart the counter nonce at 0 under the same key.
            throw new IllegalStateException("the data key of exchange " + exchange + " already has its sealer");
        }
        sealerIssued = true;
        return new ChunkSealer(this);
    }

    /** A new opener, reading the exchange from chunk 0. Not thread-safe; any number may exist. */
    public ChunkOpener opener() {
        requireUsable();
        return new ChunkOpener(this);
    }

    public DataSuite suite() {
        return suite;
    }

    public ExchangeId exchange() {
        return exchange;
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

    /** A parameter holding a copy of the key, for one cipher initialisation; the caller zeroes it. */
    synchronized KeyParameter keyParameter() {
        requireUsable();
        return new KeyParameter(key);
    }

    void requireUsable() {
        if (destroyed) {
            throw new IllegalStateException("the data key of exchange " + exchange + " has been destroyed");
        }
    }

    private static byte[] transportContext(ExchangeId exchange) {
        byte[] id = exchange.encoded();
        byte[] context = Arrays.copyOf(TRANSPORT_CONTEXT, TRANSPORT_CONTEXT.length + id.length);
        System.arraycopy(id, 0, context, TRANSPORT_CONTEXT.length, id.length);
        return context;
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "DataKey[" + suite + ", exchange=" + exchange + (destroyed ? ", destroyed" : "") + "]";
    }
}
