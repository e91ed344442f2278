package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The Cascade certificate profile, in one place: what each kind of certificate contains.
 *
 * <p>A node's region is carried as a SAN dNSName ({@link RegionCode#dnsName()}); each child CA is
 * name-constrained to its own region's DNS subtree so that every standard PKIX validator
 * (JDK, OpenSSL) enforces "a CA certifies only inside its region" without knowing Cascade.
 */
public final class CertificateProfiles {

    public static final String ORGANIZATION = "Cascade";
    public static final int ROOT_VALIDITY_YEARS = 20;
    public static final int CA_VALIDITY_YEARS = 5;
    public static final int LEAF_VALIDITY_YEARS = 1;
    /** notBefore is back-dated so a peer whose clock lags a little still accepts a fresh cert. */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private CertificateProfiles() {
    }

    /** The region a node certificate names in its SAN, or empty if it names none or several. */
    public static Optional<RegionCode> regionOf(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        Set<RegionCode> regions = new HashSet<>();
        for (List<?> name : names) {
            if (name.size() == 2 && Integer.valueOf(GeneralName.dNSName).equals(name.get(0))
                    && name.get(1) instanceof String dns) {
                RegionCode.fromDnsName(dns).ifPresent(regions::add);
            }
        }
        return regions.size() == 1 ? Optional.of(regions.iterator().next()) : Optional.empty();
    }

    /**
     * True for a node's TLS leaf (it carries the serverAuth or clientAuth purpose), and for a
     * certificate whose purposes cannot be read. Signed content (catalog changes, policy packs) must
     * come from the application key: a TLS key lives in the transport stack and signs handshakes
     * chosen by peers, so it must not also be able to author anything.
     */
    public static boolean isTlsLeaf(X509Certificate certificate) {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            return purposes != null && (purposes.contains(KeyPurposeId.id_kp_serverAuth.getId())
                    || purposes.contains(KeyPurposeId.id_kp_clientAuth.getId()));
        } catch (CertificateParsingException e) {
            return true; // an unreadable purpose cannot be shown to be the application one
        }
    }

    static X500Name rootSubject() {
        return name("Cascade Root CA " + RegionCode.NATIONAL);
    }

    static X500Name caSubject(RegionCode region) {
        return name("Cascade CA " + region);
    }

    static X500Name tlsSubject(RegionCode region) {
        return name(region.toString());
    }

    static X500Name appSubject(RegionCode region) {
        return name(region + " app");
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** Self-signed root: CA, pathLen 2 (root → province CA → city CA → leaves), no name constraint. */
    static X509Certificate root(KeyPair rootKeys, Clock clock, SecureRandom random) {
        Instant notBefore = notBefore(clock);
        Instant notAfter = plusYears(clock.instant(), ROOT_VALIDITY_YEARS);
        X500Name subject = rootSubject();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                Date.from(notBefore), Date.from(notAfter), subject, rootKeys.getPublic());
        try {
            JcaX509ExtensionUtils utils = extensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(2));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(rootKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(rootKeys.getPublic()));
            // The root names the national region too, so every CA a node holds has a region SAN.
            builder.addExtension(Extension.subjectAlternativeName, false, dnsNames(RegionCode.NATIONAL));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode root extensions", e);
        }
        return Algorithms.toCertificate(builder.build(Algorithms.certificateSigner(rootKeys.getPrivate())));
    }

    /** CA for a direct child region: pathLen 1 for a province, 0 for a city; name-constrained. */
    static X509Certificate childCa(X509Certificate issuer, PrivateKey issuerKey, PublicKey childKey,
                                   RegionCode child, Clock clock, SecureRandom random) {
        int pathLen = child.tier() == Tier.PROVINCIAL ? 1 : 0;
        X509v3CertificateBuilder builder = builder(issuer, childKey, caSubject(child), clock, random,
                CA_VALIDITY_YEARS);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            GeneralSubtree subtree = new GeneralSubtree(new GeneralName(GeneralName.dNSName, child.dnsName()));
            builder.addExtension(Extension.nameConstraints, true,
                    new NameConstraints(new GeneralSubtree[] {subtree}, null));
            builder.addExtension(Extension.subjectAlternativeName, false, dnsNames(child));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode CA extensions", e);
        }
        return Algorithms.toCertificate(builder.build(Algorithms.certificateSigner(issuerKey)));
    }

    /**
     * TLS leaf. It names only the region and the loopback addresses: "localhost" as a dNSName would
     * fall outside the CA's dNSName constraint and break validation, while IP addresses are not
     * restricted by a dNSName-only constraint.
     */
    static X509Certificate tlsLeaf(X509Certificate issuer, PrivateKey issuerKey, PublicKey key,
                                   RegionCode region, Clock clock, SecureRandom random) {
        X509v3CertificateBuilder builder = builder(issuer, key, tlsSubject(region), clock, random,
                LEAF_VALIDITY_YEARS);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, region.dnsName()),
                    ipAddress("127.0.0.1"),
                    ipAddress("::1")}));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode TLS extensions", e);
        }
        return Algorithms.toCertificate(builder.build(Algorithms.certificateSigner(issuerKey)));
    }

    /** Application-key leaf (SM2 or P-256 key), always signed by the P-256 CA. */
    static X509Certificate appLeaf(X509Certificate issuer, PrivateKey issuerKey, PublicKey key,
                                   RegionCode region, Clock clock, SecureRandom random) {
        X509v3CertificateBuilder builder = builder(issuer, key, appSubject(region), clock, random,
                LEAF_VALIDITY_YEARS);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, false, new KeyUsage(
                    KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            builder.addExtension(Extension.subjectAlternativeName, false, dnsNames(region));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode application certificate extensions", e);
        }
        return Algorithms.toCertificate(builder.build(Algorithms.certificateSigner(issuerKey)));
    }

    /** Common part of every issued certificate: serial, validity capped at the issuer's, key ids. */
    private static X509v3CertificateBuilder builder(X509Certificate issuer, PublicKey key, X500Name subject,
                                                    Clock clock, SecureRandom random, int years) {
        Instant notBefore = notBefore(clock);
        Instant wanted = plusYears(clock.instant(), years);
        // A certificate outliving its issuer would be unusable after the issuer expires anyway;
        // capping makes NodeCredentials.earliestExpiry() honest.
        Instant issuerEnd = issuer.getNotAfter().toInstant();
        Instant notAfter = wanted.isAfter(issuerEnd) ? issuerEnd : wanted;
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(random),
                Date.from(notBefore), Date.from(notAfter), subject, key);
        try {
            JcaX509ExtensionUtils utils = extensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode key identifiers", e);
        }
        return builder;
    }

    static GeneralNames dnsNames(RegionCode region) {
        return new GeneralNames(new GeneralName(GeneralName.dNSName, region.dnsName()));
    }

    private static GeneralName ipAddress(String literal) {
        try {
            return new GeneralName(GeneralName.iPAddress,
                    new DEROctetString(InetAddress.getByName(literal).getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + literal, e);
        }
    }

    /** Random positive 128-bit serial (RFC 5280 allows up to 20 octets; unpredictable serials). */
    static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    static Instant notBefore(Clock clock) {
        return clock.instant().minus(CLOCK_SKEW_ALLOWANCE).truncatedTo(ChronoUnit.SECONDS);
    }

    static Instant plusYears(Instant from, int years) {
        return from.atOffset(ZoneOffset.UTC).plusYears(years).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            // Key identifiers use RFC 5280 method 1 (SHA-1 of the key); they are labels, not security.
            return new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK has no SHA-1 for key identifiers", e);
        }
    }
}
