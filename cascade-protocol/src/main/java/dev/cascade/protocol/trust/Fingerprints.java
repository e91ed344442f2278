package dev.cascade.protocol.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.Certificate;
import java.io.IOException;
import org.bouncycastle.crypto.digests.SM3Digest;

/** Stable identifiers of certificates, for logs, storage keys and the join token's root pin. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** SM3 (GB/T 32905) of {@code data}: the digest Cascade records of signed artefacts. */
    public static byte[] sm3(byte[] data) {
        SM3Digest digest = new SM3Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding. */
    public static String sha256Hex(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(der(certificate)));
    }

    /**
     * Base64url (unpadded) SHA-256 of the certificate's SubjectPublicKeyInfo, like a kubeadm
     * discovery-token CA hash: it pins the root's key, so the pin survives re-issuing the root
     * certificate with the same key.
     */
    public static String pin(X509Certificate certificate) {
        // Taken from the certificate bytes rather than PublicKey.getEncoded(), which a provider may
        // re-encode (e.g. with explicit curve parameters) and so change the hash.
        byte[] spki;
        try {
            spki = Certificate.getInstance(der(certificate)).getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalArgumentException("certificate public key cannot be encoded", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(spki));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK has no SHA-256", e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
