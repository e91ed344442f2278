package dev.cascade.protocol.trust;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Which curve, signature algorithm and JCA provider each kind of Cascade key uses — decided from
 * the key's own parameters, never from a string at the call site.
 *
 * <p>P-256 keys and certificates stay with the JDK's own providers (SunEC / SUN) so that JSSE and
 * the JDK PKIX validator see native objects. SM2/SM3 exist only in BouncyCastle, so SM2 keys and
 * certificates holding an SM2 key go to an explicit BC instance; it is never registered globally,
 * which keeps provider order (and therefore TLS behaviour) of the host application untouched.
 */
final class Algorithms {

    /** Immutable after construction; shared only to avoid re-building BC's algorithm tables. */
    static final Provider BC = new BouncyCastleProvider();

    static final ASN1ObjectIdentifier P256 = SECObjectIdentifiers.secp256r1;
    static final ASN1ObjectIdentifier SM2 = GMObjectIdentifiers.sm2p256v1;
    static final String CERT_SIGNATURE = "SHA256withECDSA";
    static final String SM2_SIGNATURE = "SM3withSM2";

    private Algorithms() {
    }

    static KeyPair generateP256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate EC P-256 keys", e);
        }
    }

    static KeyPair generateSm2(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec("sm2p256v1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle cannot generate SM2 keys", e);
        }
    }

    static KeyPair generateApplicationKey(KeySuite suite, SecureRandom random) {
        return switch (suite) {
            case GM -> generateSm2(random);
            case INTL -> generateP256(random);
        };
    }

    /** The named curve of an EC key, or empty for any other key type or explicit parameters. */
    static Optional<ASN1ObjectIdentifier> curveOf(AlgorithmIdentifier keyAlgorithm) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlgorithm.getAlgorithm())
                || !(keyAlgorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            return Optional.empty();
        }
        return Optional.of(curve);
    }

    static Optional<ASN1ObjectIdentifier> curveOf(PublicKey key) {
        return curveOf(SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm());
    }

    static boolean isP256(PublicKey key) {
        return curveOf(key).map(P256::equals).orElse(false);
    }

    static boolean isSm2(AlgorithmIdentifier keyAlgorithm) {
        return curveOf(keyAlgorithm).map(SM2::equals).orElse(false);
    }

    static Optional<KeySuite> suiteOf(PublicKey key) {
        return curveOf(key).flatMap(curve -> curve.equals(SM2) ? Optional.of(KeySuite.GM)
                : curve.equals(P256) ? Optional.of(KeySuite.INTL) : Optional.empty());
    }

    /** The signature a key makes: SM3withSM2 (BC) for SM2 keys, SHA256withECDSA (JDK) otherwise. */
    static Signature signatureFor(KeySuite suite) throws GeneralSecurityException {
        return switch (suite) {
            case GM -> Signature.getInstance(SM2_SIGNATURE, BC);
            case INTL -> Signature.getInstance(CERT_SIGNATURE);
        };
    }

    /** Certificates and CRLs are always signed by a P-256 CA key with SHA256withECDSA. */
    static ContentSigner certificateSigner(PrivateKey caKey) {
        try {
            return new JcaContentSignerBuilder(CERT_SIGNATURE).build(caKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the CA key", e);
        }
    }

    static X509Certificate toCertificate(X509CertificateHolder holder) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        if (isSm2(holder.getSubjectPublicKeyInfo().getAlgorithm())) {
            // The JDK's SUN provider cannot decode an SM2 public key and would reject the whole cert.
            converter.setProvider(BC);
        }
        try {
            return converter.getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be decoded: " + e.getMessage(), e);
        }
    }

    static X509Certificate decodeCertificate(byte[] der) {
        try {
            return toCertificate(new X509CertificateHolder(der));
        } catch (IOException | RuntimeException e) {
            // BC reports malformed ASN.1 through several unchecked types as well as IOException.
            throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey toPrivateKey(PrivateKeyInfo info) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (isSm2(info.getPrivateKeyAlgorithm())) {
            converter.setProvider(BC);
        }
        return converter.getPrivateKey(info);
    }

    /**
     * The JDK's PKIX validator for every chain it can read; BouncyCastle's complete PKIX
     * implementation (NameConstraints, pathLen included) only for a leaf holding an SM2 key,
     * because the JDK validator re-decodes each certificate and cannot decode SM2 keys.
     */
    static CertPathValidator pkixValidatorFor(X509Certificate leaf) throws NoSuchAlgorithmException {
        boolean sm2 = isSm2(SubjectPublicKeyInfo.getInstance(leaf.getPublicKey().getEncoded()).getAlgorithm());
        return sm2 ? CertPathValidator.getInstance("PKIX", BC) : CertPathValidator.getInstance("PKIX");
    }

    static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("JDK has no X.509 certificate factory", e);
        }
    }
}
