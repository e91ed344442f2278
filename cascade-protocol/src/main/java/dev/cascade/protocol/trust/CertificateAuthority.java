package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import java.security.GeneralSecurityException;

/**
 * A node's certificate authority. Static methods create a hierarchy (national) or join one (child
 * side); an instance is the parent side, certifying direct children and revoking them.
 */
public final class CertificateAuthority {

    /** How long a revocation list is current; lists are re-issued well before this. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(7);

    private final NodeCredentials issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CertificateAuthority(NodeCredentials issuer, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RegionCode region() {
        return issuer.region();
    }

    // ---------------------------------------------------------------- creating / joining a hierarchy

    /** A new hierarchy: root CA (which is also the national node's CA), national TLS and app leaves. */
    public static NodeCredentials initNational(KeySuite suite, Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair rootKeys = Algorithms.generateP256(random);
        X509Certificate root = CertificateProfiles.root(rootKeys, clock, random);
        return withLeaves(RegionCode.NATIONAL, List.of(root), rootKeys, suite, clock, random);
    }

    /** Child side, step 1: a fresh CA key and a PKCS#10 request naming the region. */
    public static PendingJoin prepareJoin(RegionCode region) {
        if (region.parent().isEmpty()) {
            throw new IllegalArgumentException("the national node founds the hierarchy and does not join one");
        }
        KeyPair caKeys = Algorithms.generateP256(new SecureRandom());
        try {
            Extensions requested = new Extensions(new Extension(Extension.subjectAlternativeName, false,
                    CertificateProfiles.dnsNames(region).getEncoded()));
            byte[] csr = new JcaPKCS10CertificationRequestBuilder(CertificateProfiles.caSubject(region), caKeys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested)
                    .build(Algorithms.certificateSigner(caKeys.getPrivate()))
                    .getEncoded();
            return new PendingJoin(region, caKeys, csr);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the join CSR", e);
        }
    }

    /**
     * Child side, step 2: checks the parent's answer and issues this node's own TLS and app leaves.
     *
     * @param caChain the new CA certificate first, the root last
     * @throws IllegalArgumentException if the chain does not certify the pending key for the pending
     *                                  region or does not validate to its root
     */
    public static NodeCredentials completeJoin(PendingJoin pending, List<X509Certificate> caChain, KeySuite suite,
                                               Clock clock) {
        if (caChain == null || caChain.size() < 2) {
            throw new IllegalArgumentException("join answer must hold the new CA certificate and the root");
        }
        X509Certificate ca = caChain.get(0);
        X509Certificate root = caChain.get(caChain.size() - 1);
        if (!Arrays.equals(ca.getPublicKey().getEncoded(), pending.caKeyPair().getPublic().getEncoded())) {
            throw new IllegalArgumentException("join answer certifies another key than the one this node asked for");
        }
        Optional<RegionCode> certified = CertificateProfiles.regionOf(ca);
        if (!certified.equals(Optional.of(pending.region()))) {
            throw new IllegalArgumentException("join answer certifies region " + certified.map(String::valueOf)
                    .orElse("(none)") + ", this node asked for " + pending.region());
        }
        if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal()) || !ChainRules.signedBy(root, root)) {
            throw new IllegalArgumentException("join answer does not end with a self-signed root");
        }
        PeerVerdict verdict = new PeerCertificateValidator(root, new RevocationRegistry(root, clock), clock)
                .validateCaChain(caChain);
        if (verdict instanceof PeerVerdict.Refused refused) {
            throw new IllegalArgumentException("join answer refused (" + refused.reason() + "): " + refused.detail());
        }
        return withLeaves(pending.region(), caChain, pending.caKeyPair(), suite, clock, new SecureRandom());
    }

    /**
     * As {@link #completeJoin(PendingJoin, List, KeySuite, Clock)}, and the chain's root must also
     * match the pin of the join token.
     */
    public static NodeCredentials completeJoin(PendingJoin pending, List<X509Certificate> caChain, String rootPin,
                                               KeySuite suite, Clock clock) {
        if (caChain == null || caChain.isEmpty()
                || !Fingerprints.pin(caChain.get(caChain.size() - 1)).equals(rootPin)) {
            throw new IllegalArgumentException("join answer's root does not match the join token's pin " + rootPin);
        }
        return completeJoin(pending, caChain, suite, clock);
    }

    /** TLS and app leaves, with keys generated here, issued by the node's own CA key. */
    private static NodeCredentials withLeaves(RegionCode region, List<X509Certificate> caChain, KeyPair caKeys,
                                              KeySuite suite, Clock clock, SecureRandom random) {
        X509Certificate ca = caChain.get(0);
        X509Certificate root = caChain.get(caChain.size() - 1);
        KeyPair tlsKeys = Algorithms.generateP256(random);
        X509Certificate tls = CertificateProfiles.tlsLeaf(ca, caKeys.getPrivate(), tlsKeys.getPublic(), region, clock,
                random);
        KeyPair appKeys = Algorithms.generateApplicationKey(suite, random);
        X509Certificate app = CertificateProfiles.appLeaf(ca, caKeys.getPrivate(), appKeys.getPublic(), region, clock,
                random);
        List<X509Certificate> tlsChain = new ArrayList<>();
        tlsChain.add(tls);
        tlsChain.addAll(caChain);
        return new NodeCredentials(region, root, caChain, caKeys.getPrivate(), tlsChain, tlsKeys.getPrivate(), app,
                appKeys.getPrivate(), suite);
    }

    // ---------------------------------------------------------------- parent side

    /**
     * Checks a child's CSR before anything is issued: well-formed, EC P-256, signed by its own key
     * (proof of possession), naming exactly the region the join token was issued for, and that
     * region a direct child of this node's.
     */
    public CsrCheck inspect(byte[] csrDer, RegionCode expectedRegion) {
        Objects.requireNonNull(expectedRegion, "expectedRegion");
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(Objects.requireNonNull(csrDer, "csrDer"));
            csr.getSubjectPublicKeyInfo().getAlgorithm(); // forces a structural read of the key
        } catch (IOException | RuntimeException e) {
            // BC reports malformed ASN.1 through several unchecked types as well as IOException.
            return new CsrCheck.Refused(CsrProblem.MALFORMED, "CSR is not a DER PKCS#10 request: " + e.getMessage());
        }
        SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        Optional<ASN1ObjectIdentifier> curve = Algorithms.curveOf(keyInfo.getAlgorithm());
        if (!curve.map(Algorithms.P256::equals).orElse(false)) {
            return new CsrCheck.Refused(CsrProblem.UNSUPPORTED_KEY, "CSR key is "
                    + curve.map(c -> "EC on curve " + c.getId()).orElse("algorithm " + keyInfo.getAlgorithm().getAlgorithm().getId())
                    + ", CA keys must be EC P-256");
        }
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(keyInfo);
        } catch (IOException | RuntimeException e) {
            return new CsrCheck.Refused(CsrProblem.MALFORMED, "CSR public key cannot be decoded: " + e.getMessage());
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                return new CsrCheck.Refused(CsrProblem.BAD_SIGNATURE, "CSR is not signed by the key it asks to certify");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return new CsrCheck.Refused(CsrProblem.BAD_SIGNATURE, "CSR signature cannot be verified: " + e.getMessage());
        }
        Optional<RegionCode> named = requestedRegion(csr);
        if (named.isEmpty()) {
            return new CsrCheck.Refused(CsrProblem.MALFORMED, "CSR names no single region in its subjectAltName request");
        }
        if (!named.get().equals(expectedRegion)) {
            return new CsrCheck.Refused(CsrProblem.REGION_MISMATCH,
                    "CSR is for region " + named.get() + " but the join is for " + expectedRegion);
        }
        if (!issuer.region().isParentOf(expectedRegion)) {
            return new CsrCheck.Refused(CsrProblem.NOT_A_CHILD,
                    "region " + expectedRegion + " is not a direct child of " + issuer.region());
        }
        return new CsrCheck.Accepted(key, named.get());
    }

    /**
     * Certifies a direct child's CA key. The subject and extensions come from the Cascade profile,
     * never from the CSR, so a child cannot ask for more than its region.
     *
     * @throws IllegalArgumentException if {@code child} is not a direct child of this node's region
     *                                  or the key is not EC P-256 (use {@link #inspect} first)
     */
    public X509Certificate issueChildCa(PublicKey key, RegionCode child) {
        if (!issuer.region().isParentOf(child)) {
            throw new IllegalArgumentException("region " + child + " is not a direct child of " + issuer.region());
        }
        if (!Algorithms.isP256(key)) {
            throw new IllegalArgumentException("CA key for " + child + " must be EC P-256");
        }
        return CertificateProfiles.childCa(issuer.caCertificate(), issuer.caKey(), key, child, clock, random);
    }

    /** The chain a joining child receives: its new CA certificate, then this node's CA chain. */
    public List<X509Certificate> chainFor(X509Certificate childCa) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(childCa);
        chain.addAll(issuer.caChain());
        return List.copyOf(chain);
    }

    /**
     * A CRL signed by this node's CA key, current for {@link #CRL_VALIDITY}. Entries carry reason
     * cessationOfOperation: a revocation here is the parent stopping a child, not a key report.
     */
    public X509CRL issueRevocationList(long crlNumber, List<RevokedCertificate> revoked) {
        if (crlNumber < 0) {
            throw new IllegalArgumentException("CRL number must not be negative, got " + crlNumber);
        }
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer.caCertificate(), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(thisUpdate.plus(CRL_VALIDITY)));
        Set<BigInteger> seen = new HashSet<>();
        for (RevokedCertificate entry : revoked) {
            if (seen.add(entry.serial())) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), CRLReason.cessationOfOperation);
            }
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.caCertificate()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode CRL extensions", e);
        }
        try {
            return new JcaX509CRLConverter().getCRL(builder.build(Algorithms.certificateSigner(issuer.caKey())));
        } catch (CRLException e) {
            throw new IllegalStateException("cannot decode the CRL just built", e);
        }
    }

    /** {@link #issueRevocationList} packaged with this node's CA chain, ready to cascade. */
    public SignedRevocationList signRevocationList(long crlNumber, List<RevokedCertificate> revoked) {
        return new SignedRevocationList(issueRevocationList(crlNumber, revoked), issuer.caChain());
    }

    static Optional<RegionCode> requestedRegion(PKCS10CertificationRequest csr) {
        Extensions extensions = csr.getRequestedExtensions();
        if (extensions == null) {
            return Optional.empty();
        }
        GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
            return Optional.empty();
        }
        Set<RegionCode> regions = new HashSet<>();
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                RegionCode.fromDnsName(name.getName().toString()).ifPresent(regions::add);
            }
        }
        return regions.size() == 1 ? Optional.of(regions.iterator().next()) : Optional.empty();
    }
}
