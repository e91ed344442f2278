package dev.cascade.node.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificate chains as one column: DER certificates back to back, which X.509 parsers read natively. */
public final class DerChain {

    // BouncyCastle's parser: application certificates carry SM2 keys, which the JDK cannot read.
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private DerChain() {
    }

    public static byte[] join(List<byte[]> certificates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        certificates.forEach(out::writeBytes);
        return out.toByteArray();
    }

    public static byte[] encode(List<X509Certificate> chain) {
        List<byte[]> der = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                der.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return join(der);
    }

    public static List<X509Certificate> decode(byte[] joined) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509", BC).generateCertificates(new ByteArrayInputStream(joined))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("stored certificate chain is corrupt: " + e.getMessage(), e);
        }
    }

    public static List<byte[]> split(byte[] joined) {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : decode(joined)) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return out;
    }
}
