package dev.cascade.protocol.trust;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates directly with BouncyCastle, bypassing the Cascade profile — what an attacker
 * holding some CA key (or none) could produce.
 */
final class Forgery {

    private Forgery() {
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A TLS-style leaf naming {@code dnsName} (or nothing when null), signed by {@code signingKey}. */
    static X509Certificate leaf(X509Certificate issuer, PrivateKey signingKey, PublicKey subjectKey, String dnsName,
                                Instant now) throws Exception {
        return build(issuer, signingKey, subjectKey, "forged leaf", names(dnsName), -1, now);
    }

    /** A leaf naming {@code dnsName} and an extra dNSName {@code otherName}. */
    static X509Certificate leaf(X509Certificate issuer, PrivateKey signingKey, PublicKey subjectKey, String dnsName,
                                String otherName, Instant now) throws Exception {
        return build(issuer, signingKey, subjectKey, "forged leaf", new String[] {dnsName, otherName}, -1, now);
    }

    /** A CA certificate (pathLen {@code pathLen}) naming {@code dnsName}, without NameConstraints. */
    static X509Certificate ca(X509Certificate issuer, PrivateKey signingKey, PublicKey subjectKey, String dnsName,
                              int pathLen, Instant now) throws Exception {
        return build(issuer, signingKey, subjectKey, "forged CA", names(dnsName), pathLen, now);
    }

    private static String[] names(String dnsName) {
        return dnsName == null ? new String[0] : new String[] {dnsName};
    }

    private static X509Certificate build(X509Certificate issuer, PrivateKey signingKey, PublicKey subjectKey,
                                         String commonName, String[] dnsNames, int pathLen, Instant now)
            throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("O=Cascade,CN=" + commonName), subjectKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        if (pathLen >= 0) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        }
        if (dnsNames.length > 0) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        // Same decoding as production: the JDK cannot decode certificates holding SM2 keys.
        return Algorithms.toCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
    }
}
