package dev.cascade.protocol.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM text for certificates, chains, PKCS#8 private keys (EC P-256 and SM2) and PKCS#10 requests,
 * readable by OpenSSL. Readers throw {@link IllegalArgumentException} on anything unexpected.
 */
public final class Pem {

    private Pem() {
    }

    public static String writeCertificate(X509Certificate certificate) {
        return writeCertificates(List.of(certificate));
    }

    /** Concatenated PEM blocks in list order (leaf first for chains). */
    public static String writeCertificates(List<X509Certificate> certificates) {
        return write(certificates.stream().map(c -> new PemObject("CERTIFICATE", Fingerprints.der(c))).toList());
    }

    /** Unencrypted PKCS#8 ("PRIVATE KEY"); confidentiality on disk comes from file permissions. */
    public static String writePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key does not encode as PKCS#8 (format " + key.getFormat() + ")");
        }
        return write(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    public static String writeCsr(byte[] csrDer) {
        return write(List.of(new PemObject("CERTIFICATE REQUEST", csrDer)));
    }

    public static X509Certificate readCertificate(String pem) {
        List<X509Certificate> certificates = readCertificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, found " + certificates.size());
        }
        return certificates.get(0);
    }

    /** Every certificate in the text, in order; at least one. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readAll(pem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("expected only certificates, found " + describe(object));
            }
            certificates.add(Algorithms.toCertificate(holder));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return List.copyOf(certificates);
    }

    public static PrivateKey readPrivateKey(String pem) {
        List<Object> objects = readAll(pem);
        if (objects.size() != 1) {
            throw new IllegalArgumentException("expected one private key, found " + objects.size() + " PEM blocks");
        }
        Object object = objects.get(0);
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo(); // legacy "EC PRIVATE KEY", e.g. written by openssl ecparam
        } else {
            throw new IllegalArgumentException("expected a private key, found " + describe(object));
        }
        try {
            return Algorithms.toPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("private key cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The DER of a PEM "CERTIFICATE REQUEST". */
    public static byte[] readCsr(String pem) {
        List<Object> objects = readAll(pem);
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("expected one PEM certificate request");
        }
        try {
            return csr.getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("certificate request cannot be encoded", e);
        }
    }

    private static String write(List<PemObject> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (PemObject object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory failed", e);
        }
        return text.toString();
    }

    private static List<Object> readAll(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // BC reports malformed base64 / ASN.1 through several unchecked types as well as IOException.
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
