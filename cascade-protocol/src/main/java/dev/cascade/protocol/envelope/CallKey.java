package dev.cascade.protocol.envelope;

import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.KeyTransport;
import dev.cascade.protocol.trust.NodeCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The symmetric key of one standing service grant, shared by its two ends only. The owner node
 * makes it when it grants ({@link #freshFor}) and sends it wrapped for the consumer node's
 * application key inside its signed grant update; from then on every call and its answer are
 * sealed under it, so nodes on the route carry ciphertext they cannot read or alter, and neither end
 * pays a signature per call: only the two ends hold the key, so a message that opens came from the
 * other end.
 *
 * <p>Unlike a {@link DataKey}, both ends seal, many times, concurrently: each message gets a random
 * 96-bit nonce (safe for far more messages than a grant's quota allows: below 2^32 per key keeps the
 * collision chance under 2^-32). The associated data binds the grant, the call id and the direction,
 * so an answer cannot be replayed as another call's answer or reflected back as a call.
 *
 * <p>Thread-safe. {@link #destroy()} zeroes the key; later use throws {@link IllegalStateException}.
 */
public final class CallKey implements Destroyable {

    /** Which end sealed a message. */
    public enum Direction {
        CALL((byte) 'C'), ANSWER((byte) 'A');

        private final byte code;

        Direction(byte code) {
            this.code = code;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TRANSPORT_CONTEXT = "cascade.envelope.call-key.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_CONTEXT = "cascade/call/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;

    private final DataSuite suite;
    private final ExchangeId grant;
    private final byte[] key;
    private volatile boolean destroyed;

    private CallKey(DataSuite suite, ExchangeId grant, byte[] key) {
        this.suite = suite;
        this.grant = grant;
        this.key = key;
    }

    /** A new random key for one grant, in the suite of the consumer node's application key. */
    public static CallKey freshFor(X509Certificate consumerAppCertificate, ExchangeId grant) {
        Objects.requireNonNull(consumerAppCertificate, "consumerAppCertificate");
        Objects.requireNonNull(grant, "grant");
        DataSuite suite = DataSuite.following(KeySuite.of(consumerAppCertificate.getPublicKey()));
        byte[] key = new byte[suite.keyBytes()];
        RANDOM.nextBytes(key);
        return new CallKey(suite, grant, key);
    }

    /** This key encrypted to the consumer node's application key (SM2 or ECIES-P256), bound to the grant id. */
    public synchronized byte[] wrapFor(X509Certificate consumerAppCertificate) {
        requireUsable();
        DataSuite theirs = DataSuite.following(KeySuite.of(consumerAppCertificate.getPublicKey()));
        if (theirs != suite) {
            throw new IllegalArgumentException("this " + suite + " key was made for a consumer of another suite");
        }
        return KeyTransport.wrapFor(consumerAppCertificate, key, transportContext(grant));
    }

    /**
     * The consumer's side of {@link #wrapFor}.
     *
     * @throws EnvelopeException KEY_REFUSED for a key wrapped for another node or grant, or altered
     */
    public static CallKey unwrap(NodeCredentials consumer, ExchangeId grant, byte[] wrapped) {
        DataSuite suite = DataSuite.following(consumer.suite());
        byte[] key = KeyTransport.unwrapAsNode(consumer, wrapped, transportContext(grant))
                .orElseThrow(() -> new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED,
                        "the call key of grant " + grant + " does not unwrap with this node's application key"));
        if (key.length != suite.keyBytes()) {
            Arrays.fill(key, (byte) 0);
            throw new EnvelopeException(EnvelopeException.Reason.KEY_REFUSED, "the call key of grant " + grant
                    + " is not a " + suite + " key");
        }
        return new CallKey(suite, grant, key);
    }

    /** This key under the node's storage key, to keep with the grant's record at either end. */
    public synchronized StoredDataKey storeUnder(StorageKey storageKey) {
        requireUsable();
        return storageKey.seal(suite, key, grant);
    }

    /** Back from {@link #storeUnder}. */
    public static CallKey restore(StorageKey storageKey, ExchangeId grant, StoredDataKey stored) {
        StorageKey.Opened opened = storageKey.open(stored, grant);
        return new CallKey(opened.suite(), grant, opened.key());
    }

    /** {@code format ‖ nonce ‖ ciphertext ‖ tag} of {@code plain}, bound to this grant, the call and the direction. */
    public byte[] seal(Direction direction, String callId, byte[] plain) {
        byte[] nonce = new byte[DataSuite.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        GCMModeCipher gcm = cipher(true, nonce, direction, callId);
        byte[] out = new byte[1 + nonce.length + gcm.getOutputSize(plain.length)];
        out[0] = FORMAT;
        System.arraycopy(nonce, 0, out, 1, nonce.length);
        int n = gcm.processBytes(plain, 0, plain.length, out, 1 + nonce.length);
        try {
            gcm.doFinal(out, 1 + nonce.length + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM refused to seal: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @throws EnvelopeException TAMPERED when the message was altered, sealed under another key, for
     *                           another call or in the other direction; MALFORMED when it is no sealed message
     */
    public byte[] open(Direction direction, String callId, byte[] sealed) {
        int header = 1 + DataSuite.NONCE_BYTES;
        if (sealed.length < header + DataSuite.TAG_BYTES || sealed[0] != FORMAT) {
            throw new EnvelopeException(EnvelopeException.Reason.MALFORMED, "not a sealed call message of grant " + grant);
        }
        GCMModeCipher gcm = cipher(false, Arrays.copyOfRange(sealed, 1, header), direction, callId);
        byte[] plain = new byte[gcm.getOutputSize(sealed.length - header)];
        int n = gcm.processBytes(sealed, header, sealed.length - header, plain, 0);
        try {
            gcm.doFinal(plain, n);
        } catch (InvalidCipherTextException e) {
            throw new EnvelopeException(EnvelopeException.Reason.TAMPERED, "a " + direction.name().toLowerCase()
                    + " of grant " + grant + " (call " + callId + ") does not authenticate: altered on the way or not sealed by its end");
        }
        return plain;
    }

    public ExchangeId grant() {
        return grant;
    }

    @Override
    public synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private GCMModeCipher cipher(boolean forSealing, byte[] nonce, Direction direction, String callId) {
        KeyParameter k;
        synchronized (this) {
            requireUsable();
            k = new KeyParameter(key);
        }
        GCMModeCipher gcm = suite.newGcm();
        gcm.init(forSealing, new AEADParameters(k, DataSuite.TAG_BYTES * 8, nonce, aad(direction, callId)));
        return gcm;
    }

    private byte[] aad(Direction direction, String callId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(AAD_CONTEXT);
        out.write(direction.code);
        out.writeBytes(grant.encoded());
        out.write(0);
        out.writeBytes(callId.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private void requireUsable() {
        if (destroyed) {
            throw new IllegalStateException("the call key of grant " + grant + " has been destroyed");
        }
    }

    private static byte[] transportContext(ExchangeId grant) {
        byte[] id = grant.encoded();
        byte[] context = Arrays.copyOf(TRANSPORT_CONTEXT, TRANSPORT_CONTEXT.length + id.length);
        System.arraycopy(id, 0, context, TRANSPORT_CONTEXT.length, id.length);
        return context;
    }

    @Override
    public String toString() {
        return "CallKey[" + suite + ", grant=" + grant + (destroyed ? ", destroyed" : "") + "]";
    }
}
