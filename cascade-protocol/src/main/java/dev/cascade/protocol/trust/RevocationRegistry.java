package dev.cascade.protocol.trust;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The revocation lists a node knows, one per issuing CA (the highest CRL number wins). Thread-safe:
 * lists arrive from the parent link while TLS handshakes query {@link #isRevoked} concurrently.
 */
public final class RevocationRegistry {

    private record Held(SignedRevocationList list, BigInteger number, String issuerFingerprint) {
    }

    private final ChainRules rules;
    private final Map<String, Held> byIssuer = new ConcurrentHashMap<>();

    public RevocationRegistry(X509Certificate root, Clock clock) {
        this.rules = new ChainRules(root, clock);
    }

    /**
     * Accepts a list only if it is signed by {@code issuerChain[0]}, that certificate is a CA and
     * its chain validates to the root under the Cascade region rules.
     */
    public RevocationUpdate accept(SignedRevocationList list) {
        X509CRL crl = list.crl();
        X509Certificate issuer = list.issuer();
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return new RevocationUpdate.Rejected("CRL issuer '" + crl.getIssuerX500Principal().getName()
                    + "' is not the certificate it came with ('" + issuer.getSubjectX500Principal().getName() + "')");
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            return new RevocationUpdate.Rejected("CRL of " + ChainRules.describe(issuer)
                    + " is not signed by that CA's key");
        }
        if (issuer.getBasicConstraints() < 0) {
            return new RevocationUpdate.Rejected(ChainRules.describe(issuer) + " is not a CA and cannot revoke");
        }
        if (rules.check(list.issuerChain(), ChainRules.Subject.CA) instanceof PeerVerdict.Refused refused) {
            return new RevocationUpdate.Rejected("issuer chain refused (" + refused.reason() + "): " + refused.detail());
        }
        Optional<BigInteger> number = SignedRevocationList.numberOf(crl);
        if (number.isEmpty()) {
            return new RevocationUpdate.Rejected("CRL of " + ChainRules.describe(issuer) + " has no CRL number");
        }
        String fingerprint = Fingerprints.sha256Hex(issuer);
        Held offered = new Held(list, number.get(), fingerprint);
        boolean[] newer = new boolean[1];
        byIssuer.compute(fingerprint, (key, held) -> {
            if (held == null || offered.number().compareTo(held.number()) > 0) {
                newer[0] = true;
                return offered;
            }
            return held;
        });
        return new RevocationUpdate.Accepted(newer[0]);
    }

    public boolean isRevoked(X509Certificate certificate) {
        return revokedAt(certificate).isPresent();
    }

    /** Whether any certificate of a peer's chain is revoked (the trust root itself cannot be). */
    public boolean revokesAnyOf(List<X509Certificate> chain, X509Certificate root) {
        for (X509Certificate c : chain) {
            if (!c.equals(root) && isRevoked(c)) {
                return true;
            }
        }
        return false;
    }

    /** When the certificate was revoked, if a list from its own issuer names its serial. */
    public Optional<Instant> revokedAt(X509Certificate certificate) {
        for (Held held : byIssuer.values()) {
            if (issuedBy(certificate, held.list().issuer())) {
                X509CRLEntry entry = held.list().crl().getRevokedCertificate(certificate.getSerialNumber());
                if (entry != null) {
                    return Optional.of(entry.getRevocationDate().toInstant());
                }
            }
        }
        return Optional.empty();
    }

    /** Every held list, ordered by issuer fingerprint, e.g. to forward to children. */
    public List<SignedRevocationList> all() {
        return byIssuer.values().stream()
                .sorted(Comparator.comparing(Held::issuerFingerprint))
                .map(Held::list)
                .toList();
    }

    /**
     * Hex SHA-256 over the sorted "issuer fingerprint:CRL number" lines, so two nodes holding the
     * same lists report the same digest in heartbeats. An empty registry yields the empty string
     * (not the hash of nothing), which reads unambiguously as "holds no revocation lists".
     */
    public String digest() {
        List<Held> held = byIssuer.values().stream()
                .sorted(Comparator.comparing(Held::issuerFingerprint))
                .toList();
        if (held.isEmpty()) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        for (Held h : held) {
            lines.append(h.issuerFingerprint()).append(':').append(h.number()).append('\n');
        }
        return Fingerprints.sha256Hex(lines.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Same issuer name, matching key identifiers when both are present, and — decisively — the
     * certificate's signature verifies under the CRL issuer's key.
     */
    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        byte[] authorityKeyId = authorityKeyId(certificate);
        byte[] subjectKeyId = subjectKeyId(issuer);
        if (authorityKeyId != null && subjectKeyId != null && !Arrays.equals(authorityKeyId, subjectKeyId)) {
            return false;
        }
        return ChainRules.signedBy(certificate, issuer);
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }
}
