package dev.cascade.protocol.trust;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * An X.509 CRL together with the chain of the CA that signed it (issuer first, root last), so any
 * node can verify it without already knowing the issuing CA. This is the unit that cascades down.
 */
public record SignedRevocationList(X509CRL crl, List<X509Certificate> issuerChain) {

    public SignedRevocationList {
        Objects.requireNonNull(crl, "crl");
        issuerChain = List.copyOf(issuerChain);
        if (issuerChain.isEmpty()) {
            throw new IllegalArgumentException("revocation list needs the chain of its issuer");
        }
    }

    public X509Certificate issuer() {
        return issuerChain.get(0);
    }

    /** The list's CRLNumber, if it carries a readable one. */
    public Optional<BigInteger> number() {
        return numberOf(crl);
    }

    static Optional<BigInteger> numberOf(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).getValue());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] crlDer() {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("CRL cannot be encoded", e);
        }
    }

    public List<byte[]> issuerChainDer() {
        return issuerChain.stream().map(Fingerprints::der).toList();
    }

    /** @throws IllegalArgumentException if the CRL or any certificate is not valid DER */
    public static SignedRevocationList decode(byte[] crlDer, List<byte[]> chainDer) {
        if (crlDer == null || chainDer == null || chainDer.isEmpty()) {
            throw new IllegalArgumentException("revocation list needs a CRL and its issuer chain");
        }
        X509CRL crl;
        try {
            crl = (X509CRL) Algorithms.x509Factory().generateCRL(new ByteArrayInputStream(crlDer));
        } catch (CRLException | RuntimeException e) {
            throw new IllegalArgumentException("not a DER X.509 CRL: " + e.getMessage(), e);
        }
        if (crl == null) {
            throw new IllegalArgumentException("not a DER X.509 CRL: empty input");
        }
        return new SignedRevocationList(crl, chainDer.stream().map(Algorithms::decodeCertificate).toList());
    }
}
