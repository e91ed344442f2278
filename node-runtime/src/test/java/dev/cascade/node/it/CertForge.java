package dev.cascade.node.it;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.NodeCredentials;

/** Certificates an attacker or a broken operator might present, made with BouncyCastle in the test. */
final class CertForge {

    record Presented(PrivateKey key, List<X509Certificate> chain) {
    }

    private CertForge() {
    }

    /** A TLS leaf for {@code region}, signed by {@code issuer}'s CA, valid in [from, to]. */
    static Presented leaf(NodeCredentials issuer, RegionCode region, Instant from, Instant to) {
        try {
            KeyPair pair = p256();
            var builder = new JcaX509v3CertificateBuilder(issuer.caCertificate(), new BigInteger(64, new SecureRandom()),
                    Date.from(from), Date.from(to), new X500Name("CN=" + region.code()), pair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, region.dnsName())))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.caKey())));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(issuer.caChain());
            return new Presented(pair.getPrivate(), chain);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Presented expiredLeaf(NodeCredentials issuer) {
        Instant now = Instant.now();
        return leaf(issuer, issuer.region(), now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
    }

    /** A CSR that names one key but is signed by another. */
    static byte[] csrSignedByAnotherKey(RegionCode region) {
        try {
            KeyPair named = p256();
            KeyPair signer = p256();
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Cascade CA " + region.code()), named.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))
                    .getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
