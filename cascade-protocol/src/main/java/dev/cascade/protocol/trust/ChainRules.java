package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jce.provider.PKIXNameConstraintValidatorException;
import java.util.Locale;

/**
 * The checks every Cascade chain must pass before anything else looks at it: standard PKIX to the
 * root (which enforces signatures, pathLen and the dNSName NameConstraints) plus Cascade's own
 * region rules. Revocation is layered on top by {@link PeerCertificateValidator}; this class has
 * no revocation state so that the {@link RevocationRegistry} can use it to vet CRL issuers.
 */
final class ChainRules {

    /** What the first certificate of a chain is expected to be. */
    enum Subject {
        /** A node's TLS (or other end-entity) certificate, issued by the node's own CA. */
        NODE_LEAF,
        /** A node's CA certificate (vetting a CRL issuer or a CA chain received on join). */
        CA
    }

    private final X509Certificate root;
    private final RegionCode rootRegion;
    private final Clock clock;

    ChainRules(X509Certificate root, Clock clock) {
        this.root = root;
        this.clock = clock;
        // The root's own region must be national: it is the anchor of every region check below.
        this.rootRegion = RegionCode.NATIONAL;
    }

    X509Certificate root() {
        return root;
    }

    /** Trusted with the identity of {@code chain.get(0)}, or the first refusal found. */
    PeerVerdict check(List<X509Certificate> chain, Subject subject) {
        if (chain == null || chain.isEmpty()) {
            return refused(RefusalReason.NO_CERTIFICATE, "no certificate presented");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        if (path.get(path.size() - 1).equals(root)) {
            path.remove(path.size() - 1);
        }
        if (path.contains(root)) {
            return refused(RefusalReason.MALFORMED, "chain presented for " + describe(chain.get(0))
                    + " is out of order: the root is not its last certificate");
        }
        if (path.isEmpty() && subject == Subject.NODE_LEAF) {
            return refused(RefusalReason.MALFORMED, "the root certificate alone cannot identify a node");
        }

        Optional<PeerVerdict.Refused> refusal = inOrder(path)
                .or(() -> anchoredAtRoot(path))
                .or(() -> withinValidity(path))
                .or(() -> regionsConsistent(path, subject))
                .or(() -> pkix(path));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        X509Certificate first = path.isEmpty() ? root : path.get(0);
        List<X509Certificate> full = new ArrayList<>(path);
        full.add(root);
        RegionCode region = path.isEmpty() ? rootRegion : CertificateProfiles.regionOf(first).orElseThrow();
        return new PeerVerdict.Trusted(new PeerIdentity(region, first, full, Fingerprints.sha256Hex(first)));
    }

    private Optional<PeerVerdict.Refused> anchoredAtRoot(List<X509Certificate> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate top = path.get(path.size() - 1);
        // Issuer names alone prove nothing (every Cascade root has the same subject), so the
        // signature under our root's key decides.
        if (top.getIssuerX500Principal().equals(root.getSubjectX500Principal()) && signedBy(top, root)) {
            return Optional.empty();
        }
        return Optional.of(new PeerVerdict.Refused(RefusalReason.UNKNOWN_ROOT, describe(path.get(0))
                + " does not lead to this hierarchy's root (root pin " + Fingerprints.pin(root) + ")"));
    }

    private static Optional<PeerVerdict.Refused> inOrder(List<X509Certificate> path) {
        for (int i = 0; i + 1 < path.size(); i++) {
            if (!path.get(i).getIssuerX500Principal().equals(path.get(i + 1).getSubjectX500Principal())) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.MALFORMED, "chain presented for "
                        + describe(path.get(0)) + " is out of order at " + describe(path.get(i))));
            }
        }
        return Optional.empty();
    }

    /** Checked explicitly (PKIX would too) so the refusal names the certificate and the date. */
    private Optional<PeerVerdict.Refused> withinValidity(List<X509Certificate> path) {
        Instant now = clock.instant();
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(root);
        for (X509Certificate certificate : all) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            Instant notBefore = certificate.getNotBefore().toInstant();
            if (now.isAfter(notAfter)) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.EXPIRED,
                        describe(certificate) + " expired at " + notAfter));
            }
            if (now.isBefore(notBefore)) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.NOT_YET_VALID,
                        describe(certificate) + " is not valid before " + notBefore));
            }
        }
        return Optional.empty();
    }

    /**
     * Cascade's own region rules, on top of NameConstraints: every certificate names exactly one
     * region; each CA is a direct child region of its issuer (so its tier matches its depth — a city
     * CA can never certify a province); a node's leaf names exactly its CA's region (a province's
     * leaf cannot claim 440100, which its NameConstraints alone would allow).
     */
    private Optional<PeerVerdict.Refused> regionsConsistent(List<X509Certificate> path, Subject subject) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            Optional<RegionCode> region = CertificateProfiles.regionOf(certificate);
            if (region.isEmpty()) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.MALFORMED,
                        describe(certificate) + " names no single region in its subjectAltName"));
            }
            RegionCode issuerRegion = i + 1 < path.size()
                    ? CertificateProfiles.regionOf(path.get(i + 1)).orElse(null)
                    : rootRegion;
            if (issuerRegion == null) {
                continue; // reported as MALFORMED when the loop reaches the issuer
            }
            boolean leaf = i == 0 && subject == Subject.NODE_LEAF;
            if (leaf) {
                if (certificate.getBasicConstraints() >= 0) {
                    return Optional.of(new PeerVerdict.Refused(RefusalReason.INVALID_CHAIN,
                            describe(certificate) + " is a CA certificate and cannot identify a peer"));
                }
                if (!region.get().equals(issuerRegion)) {
                    return Optional.of(new PeerVerdict.Refused(RefusalReason.REGION_VIOLATION,
                            "certificate claims region " + region.get() + " but was issued by the CA of "
                                    + issuerRegion));
                }
            } else {
                if (certificate.getBasicConstraints() < 0) {
                    return Optional.of(new PeerVerdict.Refused(RefusalReason.INVALID_CHAIN,
                            describe(certificate) + " is not a CA certificate but is used as one"));
                }
                if (!issuerRegion.isParentOf(region.get())) {
                    return Optional.of(new PeerVerdict.Refused(RefusalReason.REGION_VIOLATION,
                            "CA certificate claims region " + region.get() + " ("
                                    + region.get().tier().name().toLowerCase(Locale.ROOT)
                                    + ") but was issued by the CA of " + issuerRegion
                                    + ", which is not its parent region"));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<PeerVerdict.Refused> pkix(List<X509Certificate> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            CertPath certPath = Algorithms.x509Factory().generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            // Revocation is Cascade's own CRL registry, checked by the caller; PKIX would otherwise
            // try to fetch CRLs/OCSP from the network.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            Algorithms.pkixValidatorFor(path.get(0)).validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(fromPkix(e, path));
        } catch (GeneralSecurityException | RuntimeException e) {
            // The JDK's PKIX validator reports some malformed extensions (an empty DNS name in a
            // name constraint, found by fuzzing) as a bare RuntimeException, not as an invalid path.
            return Optional.of(new PeerVerdict.Refused(RefusalReason.MALFORMED,
                    "chain presented for " + describe(path.get(0)) + " cannot be validated: " + e.getMessage()));
        }
    }

    private PeerVerdict.Refused fromPkix(CertPathValidatorException e, List<X509Certificate> path) {
        int index = e.getIndex();
        X509Certificate at = index >= 0 && index < path.size() ? path.get(index) : path.get(0);
        String what = describe(at);
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return new PeerVerdict.Refused(RefusalReason.EXPIRED, what + " expired at " + at.getNotAfter().toInstant());
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new PeerVerdict.Refused(RefusalReason.NOT_YET_VALID,
                    what + " is not valid before " + at.getNotBefore().toInstant());
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return new PeerVerdict.Refused(RefusalReason.UNKNOWN_ROOT,
                    describe(path.get(0)) + " does not lead to this hierarchy's root");
        }
        // The JDK flags NameConstraints failures with INVALID_NAME; BouncyCastle's validator (used
        // for SM2 leaves) gives no reason but a typed cause.
        if (reason == PKIXReason.INVALID_NAME || e.getCause() instanceof PKIXNameConstraintValidatorException) {
            return new PeerVerdict.Refused(RefusalReason.REGION_VIOLATION,
                    what + " is outside the region its issuer may certify: " + e.getMessage());
        }
        return new PeerVerdict.Refused(RefusalReason.INVALID_CHAIN, what + " is invalid: " + e.getMessage());
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** "certificate of 440100", "CA certificate of 440000", a root, or the subject for unnamed certs. */
    static String describe(X509Certificate certificate) {
        if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                && certificate.getBasicConstraints() >= 0) {
            return "root certificate '" + certificate.getSubjectX500Principal().getName() + "'";
        }
        Optional<RegionCode> region = CertificateProfiles.regionOf(certificate);
        if (region.isEmpty()) {
            return "certificate '" + certificate.getSubjectX500Principal().getName() + "'";
        }
        return (certificate.getBasicConstraints() >= 0 ? "CA certificate of " : "certificate of ") + region.get();
    }

    private static PeerVerdict.Refused refused(RefusalReason reason, String detail) {
        return new PeerVerdict.Refused(reason, detail);
    }
}
