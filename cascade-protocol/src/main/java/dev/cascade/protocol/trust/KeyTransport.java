package dev.cascade.protocol.trust;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Public-key encryption of a short secret (a data key) to a node's application key, and its
 * decryption by that node. The scheme follows the recipient's key, never the caller's choice:
 *
 * <ul>
 *   <li><b>GM</b> (SM2 key): SM2 public-key encryption per GB/T 32918.4 with SM3, ciphertext laid
 *       out C1‖C3‖C2 (C1 an uncompressed point), BouncyCastle's {@link SM2Engine}. SM2 encryption
 *       has no associated data, so the caller's context travels inside the plaintext as
 *       SM3(label ‖ context) after the secret and is compared on decryption; C3 authenticates the
 *       whole plaintext.</li>
 *   <li><b>INTL</b> (P-256 key): ECIES built from BouncyCastle's lightweight primitives — an
 *       ephemeral P-256 key, ECDH, HKDF-SHA256 (salt = ephemeral point ‖ recipient point,
 *       info = label ‖ context), then AES-256-GCM. Output: ephemeral point (65 bytes, uncompressed)
 *       ‖ ciphertext ‖ 16-byte tag.</li>
 * </ul>
 *
 * <p><b>Decision (INTL):</b> ECDH + HKDF-SHA256 + AES-GCM rather than BouncyCastle's JCE "ECIES"
 * ({@code IESEngine}). The IES family is configured by algorithm strings and
 * {@code IESParameterSpec}s whose defaults (KDF2 with SHA-1, HMAC-SHA1, XOR or CBC stream,
 * optional nonce) are easy to get subtly different between sender and receiver, and it offers
 * authenticated encryption only as encrypt-then-MAC of its own making. The chosen construction is
 * the shape of Tink's ECIES-AEAD-HKDF and of HPKE's DHKEM: each step is a standard primitive,
 * integrity comes from GCM, and putting both public points into the HKDF salt binds the derived key
 * to this sender/recipient pair. GCM runs with a fixed all-zero nonce because its key is derived
 * from a fresh ephemeral key and is therefore used exactly once.
 *
 * <p>This class lives in trust because decryption needs the node's private application key, which
 * never leaves this package; callers pass the node's {@link NodeCredentials}.
 */
public final class KeyTransport {

    private static final byte[] GM_LABEL = "cascade.keytransport.v1.sm2\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTL_LABEL = "cascade.keytransport.v1.ecies-p256\0".getBytes(StandardCharsets.US_ASCII);
    private static final int POINT_BYTES = 65;
    private static final int SM3_BYTES = 32;
    private static final int GCM_TAG_BYTES = 16;
    private static final int AES_KEY_BYTES = 32;
    /** Data keys are 16 or 32 bytes; anything much larger is not what this class is for. */
    public static final int MAX_SECRET_BYTES = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyTransport() {
    }

    /**
     * Encrypts {@code secret} to the application key in {@code recipientAppCertificate}. The caller
     * must already have validated that certificate's chain.
     *
     * @param context bound into the ciphertext; decryption succeeds only with the same context
     */
    public static byte[] wrapFor(X509Certificate recipientAppCertificate, byte[] secret, byte[] context) {
        Objects.requireNonNull(recipientAppCertificate, "recipientAppCertificate");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(context, "context");
        if (secret.length == 0 || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a transported secret is 1.." + MAX_SECRET_BYTES + " bytes");
        }
        if (CertificateProfiles.isTlsLeaf(recipientAppCertificate)) {
            // Key separation: a TLS key negotiates sessions; data keys go to the application key.
            throw new IllegalArgumentException("secrets are wrapped for a node's application certificate, not its TLS one");
        }
        PublicKey key = recipientAppCertificate.getPublicKey();
        ECPublicKeyParameters recipient = publicParameters(key);
        return switch (KeySuite.of(key)) {
            case GM -> wrapSm2(recipient, secret, context);
            case INTL -> wrapEcies(recipient, secret, context);
        };
    }

    /**
     * Decrypts with the node's own application key. Empty for every kind of failure — wrong key,
     * altered bytes, other context, malformed input — deliberately without saying which, so the
     * answer is no oracle.
     */
    public static Optional<byte[]> unwrapAsNode(NodeCredentials recipient, byte[] wrapped, byte[] context) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(context, "context");
        if (wrapped == null) {
            return Optional.empty();
        }
        ECPrivateKeyParameters key;
        try {
            key = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(recipient.appKey());
        } catch (InvalidKeyException | ClassCastException e) {
            throw new IllegalStateException("the node's application key is not an EC key", e);
        }
        try {
            return switch (recipient.suite()) {
                case GM -> unwrapSm2(key, wrapped, context);
                case INTL -> unwrapEcies(recipient.appCertificate().getPublicKey(), key, wrapped, context);
            };
        } catch (InvalidCipherTextException | RuntimeException e) {
            // BouncyCastle reports bad points, short input and failed checks through several types.
            return Optional.empty();
        }
    }

    private static byte[] wrapSm2(ECPublicKeyParameters recipient, byte[] secret, byte[] context) {
        byte[] plain = concat(secret, contextDigest(context));
        try {
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(true, new ParametersWithRandom(recipient, RANDOM));
            return engine.processBlock(plain, 0, plain.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Optional<byte[]> unwrapSm2(ECPrivateKeyParameters key, byte[] wrapped, byte[] context)
            throws InvalidCipherTextException {
        if (wrapped.length <= POINT_BYTES + SM3_BYTES + SM3_BYTES) {
            return Optional.empty();
        }
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, key);
        byte[] plain = engine.processBlock(wrapped, 0, wrapped.length);
        try {
            int secretLength = plain.length - SM3_BYTES;
            if (secretLength < 1 || !MessageDigest.isEqual(
                    Arrays.copyOfRange(plain, secretLength, plain.length), contextDigest(context))) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOf(plain, secretLength));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] wrapEcies(ECPublicKeyParameters recipient, byte[] secret, byte[] context) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(recipient.getParameters(), RANDOM));
        AsymmetricCipherKeyPair ephemeral = generator.generateKeyPair();
        byte[] ephemeralPoint = ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
        byte[] aeadKey = eciesKey((ECPrivateKeyParameters) ephemeral.getPrivate(), recipient, ephemeralPoint,
                recipient.getQ().getEncoded(false), context);
        try {
            GCMModeCipher gcm = eciesGcm(true, aeadKey);
            byte[] out = Arrays.copyOf(ephemeralPoint, POINT_BYTES + gcm.getOutputSize(secret.length));
            int n = gcm.processBytes(secret, 0, secret.length, out, POINT_BYTES);
            gcm.doFinal(out, POINT_BYTES + n);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(aeadKey, (byte) 0);
        }
    }

    private static Optional<byte[]> unwrapEcies(PublicKey ownKey, ECPrivateKeyParameters key, byte[] wrapped,
                                                byte[] context) throws InvalidCipherTextException {
        int secretLength = wrapped.length - POINT_BYTES - GCM_TAG_BYTES;
        if (secretLength < 1) {
            return Optional.empty();
        }
        ECDomainParameters domain = key.getParameters();
        byte[] ephemeralPoint = Arrays.copyOf(wrapped, POINT_BYTES);
        // decodePoint and the ECPublicKeyParameters constructor reject points off the curve or at
        // infinity, which closes the invalid-curve attack on the static key.
        ECPoint point = domain.getCurve().decodePoint(ephemeralPoint);
        ECPublicKeyParameters ephemeral = new ECPublicKeyParameters(point, domain);
        byte[] aeadKey = eciesKey(key, ephemeral, ephemeralPoint,
                publicParameters(ownKey).getQ().getEncoded(false), context);
        byte[] plain = new byte[secretLength];
        try {
            GCMModeCipher gcm = eciesGcm(false, aeadKey);
            int n = gcm.processBytes(wrapped, POINT_BYTES, wrapped.length - POINT_BYTES, plain, 0);
            gcm.doFinal(plain, n);
            return Optional.of(plain);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // GCM writes unverified plaintext before checking the tag; none of it may survive.
            Arrays.fill(plain, (byte) 0);
            throw e;
        } finally {
            Arrays.fill(aeadKey, (byte) 0);
        }
    }

    private static byte[] eciesKey(ECPrivateKeyParameters own, ECPublicKeyParameters peer, byte[] ephemeralPoint,
                                   byte[] recipientPoint, byte[] context) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own);
        byte[] shared = BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), agreement.calculateAgreement(peer));
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(shared, concat(ephemeralPoint, recipientPoint), concat(INTL_LABEL, context)));
            byte[] out = new byte[AES_KEY_BYTES];
            hkdf.generateBytes(out, 0, out.length);
            return out;
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static GCMModeCipher eciesGcm(boolean encrypt, byte[] key) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), GCM_TAG_BYTES * 8, new byte[12]));
        return gcm;
    }

    private static byte[] contextDigest(byte[] context) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(GM_LABEL, 0, GM_LABEL.length);
        sm3.update(context, 0, context.length);
        byte[] out = new byte[SM3_BYTES];
        sm3.doFinal(out, 0);
        return out;
    }

    private static ECPublicKeyParameters publicParameters(PublicKey key) {
        try {
            return (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
        } catch (InvalidKeyException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC application key: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
