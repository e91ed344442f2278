package dev.cascade.protocol.trust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Certificate chains as one column: DER certificates back to back, which X.509 parsers read natively. */
public final class DerChain {

    // BouncyCastle's parser: application certificates carry SM2 keys, which the JDK cannot read.
    private static final Provider BC = new BouncyCastleProvider();

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

    /** @throws IllegalArgumentException naming the first certificate that cannot be read, key included */
    public static List<X509Certificate> decode(byte[] joined) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509", BC).generateCertificates(new ByteArrayInputStream(joined))) {
                out.add(withReadableKey((X509Certificate) c, out.size()));
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("stored certificate chain is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * One DER certificate, read as {@link #decode} reads each of a chain.
     *
     * @throws IllegalArgumentException when the bytes are not exactly one readable certificate
     */
    public static X509Certificate certificate(byte[] der) {
        List<X509Certificate> one = decode(der);
        if (one.size() != 1) {
            throw new IllegalArgumentException("expected one DER certificate, found " + one.size());
        }
        return one.get(0);
    }

    /**
     * BouncyCastle reads a certificate's public key only when it is first asked for, and answers
     * null for a key algorithm it does not know. Both kinds of key (fuzzing found one of each: a
     * point not on its curve, an unknown algorithm identifier) would otherwise pass here and fail
     * later in the chain rules, as an IllegalStateException or a NullPointerException, instead of
     * as the corrupt chain they are.
     */
    private static X509Certificate withReadableKey(X509Certificate certificate, int index) {
        PublicKey key;
        try {
            key = certificate.getPublicKey();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("stored certificate chain is corrupt: certificate " + (index + 1)
                    + " has an unreadable public key (" + e.getMessage() + ")", e);
        }
        if (key == null) {
            throw new IllegalArgumentException("stored certificate chain is corrupt: certificate " + (index + 1)
                    + " has a public key of an unknown algorithm");
        }
        return certificate;
    }

    /**
     * Splits joined DER certificates by their outer SEQUENCE headers alone. Feeders relay stored
     * chains many thousand times during a catch-up; parsing every certificate there would only
     * repeat what the receiver checks anyway.
     */
    public static List<byte[]> split(byte[] joined) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < joined.length) {
            if (joined[at] != 0x30 || at + 2 > joined.length) {
                throw new IllegalArgumentException("stored certificate chain is corrupt at byte " + at);
            }
            int lengthByte = joined[at + 1] & 0xff;
            int header;
            long length;
            if (lengthByte < 0x80) {
                header = 2;
                length = lengthByte;
            } else {
                int count = lengthByte & 0x7f;
                if (count < 1 || count > 4 || at + 2 + count > joined.length) {
                    throw new IllegalArgumentException("stored certificate chain is corrupt at byte " + at);
                }
                header = 2 + count;
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (joined[at + 2 + i] & 0xff);
                }
            }
            long end = at + header + length;
            if (end > joined.length) {
                throw new IllegalArgumentException("stored certificate chain is truncated at byte " + at);
            }
            out.add(Arrays.copyOfRange(joined, at, (int) end));
            at = (int) end;
        }
        return out;
    }
}
