package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGDONG;
import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static dev.cascade.protocol.trust.TestHierarchy.NANJING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeerCertificateValidatorTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void no_certificate_is_refused() {
        assertRefused(h.validator().validate(List.of()), RefusalReason.NO_CERTIFICATE, "no certificate presented");
    }

    @Test
    void a_chain_from_another_root_is_an_unknown_root_even_though_its_names_match() {
        NodeCredentials impostor = CertificateAuthority.initNational(KeySuite.GM, h.clock);
        assertThat(impostor.root().getSubjectX500Principal()).isEqualTo(h.national.root().getSubjectX500Principal());
        assertRefused(h.validator().validate(impostor.tlsChain()), RefusalReason.UNKNOWN_ROOT,
                "does not lead to this hierarchy's root");
        assertRefused(h.validator().validate(List.of(impostor.tlsCertificate())), RefusalReason.UNKNOWN_ROOT,
                "certificate of 100000");
    }

    @Test
    void an_expired_leaf_is_refused_with_its_region_and_date() {
        X509Certificate leaf = h.city.tlsCertificate();
        Instant expiry = leaf.getNotAfter().toInstant();
        PeerVerdict verdict = h.validatorAt(expiry.plusSeconds(1)).validate(h.city.tlsChain());
        assertRefused(verdict, RefusalReason.EXPIRED, "certificate of 440100 expired at " + expiry);
    }

    @Test
    void a_leaf_issued_with_a_clock_in_the_past_is_expired_now() {
        java.time.Clock longAgo = java.time.Clock.fixed(h.now.minus(Duration.ofDays(800)), java.time.ZoneOffset.UTC);
        NodeCredentials old = CertificateAuthority.initNational(KeySuite.INTL, longAgo);
        PeerCertificateValidator validator = new PeerCertificateValidator(old.root(),
                new RevocationRegistry(old.root(), h.clock), h.clock);
        assertRefused(validator.validate(old.tlsChain()), RefusalReason.EXPIRED,
                "certificate of 100000 expired at " + old.tlsCertificate().getNotAfter().toInstant());
    }

    @Test
    void a_chain_used_before_its_start_is_not_yet_valid() {
        Instant start = h.city.tlsCertificate().getNotBefore().toInstant();
        assertRefused(h.validatorAt(start.minusSeconds(1)).validate(h.city.tlsChain()), RefusalReason.NOT_YET_VALID,
                "is not valid before " + start);
    }

    @Test
    void a_revoked_child_ca_cuts_off_its_whole_subtree() {
        RevocationRegistry registry = h.emptyRegistry();
        X509Certificate cityCa = h.city.caCertificate();
        Instant revokedAt = h.now.minusSeconds(60);
        SignedRevocationList crl = h.caOf(h.province).signRevocationList(1,
                List.of(new RevokedCertificate(cityCa.getSerialNumber(), GUANGZHOU, revokedAt)));
        assertThat(registry.accept(crl)).isEqualTo(new RevocationUpdate.Accepted(true));

        PeerCertificateValidator validator = h.validator(registry);
        assertRefused(validator.validate(h.city.tlsChain()), RefusalReason.REVOKED,
                "CA certificate of 440100 was revoked at " + revokedAt);
        assertRefused(validator.validateCaChain(h.city.caChain()), RefusalReason.REVOKED, "440100");
        assertThat(validator.validate(h.province.tlsChain())).isInstanceOf(PeerVerdict.Trusted.class);
    }

    @Test
    void a_revoked_leaf_is_refused() {
        RevocationRegistry registry = h.emptyRegistry();
        X509Certificate leaf = h.city.tlsCertificate();
        registry.accept(h.caOf(h.city).signRevocationList(7,
                List.of(new RevokedCertificate(leaf.getSerialNumber(), GUANGZHOU, h.now))));
        assertRefused(h.validator(registry).validate(h.city.tlsChain()), RefusalReason.REVOKED,
                "certificate of 440100 was revoked at " + h.now);
    }

    @Test
    void a_revocation_by_another_issuer_with_the_same_serial_does_not_apply() {
        RevocationRegistry registry = h.emptyRegistry();
        // The national CA lists the city leaf's serial, but never issued that certificate.
        registry.accept(h.caOf(h.national).signRevocationList(1,
                List.of(new RevokedCertificate(h.city.tlsCertificate().getSerialNumber(), GUANGZHOU, h.now))));
        assertThat(h.validator(registry).validate(h.city.tlsChain())).isInstanceOf(PeerVerdict.Trusted.class);
    }

    @Test
    void a_city_ca_cannot_certify_a_leaf_in_another_province() throws Exception {
        KeyPair key = Forgery.p256();
        X509Certificate forged = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), key.getPublic(),
                NANJING.dnsName(), h.now);
        assertRefused(h.validator().validate(chainUnderCity(forged)), RefusalReason.REGION_VIOLATION, "320100");
    }

    @Test
    void a_city_ca_cannot_certify_its_province() throws Exception {
        KeyPair key = Forgery.p256();
        X509Certificate forged = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), key.getPublic(),
                GUANGDONG.dnsName(), h.now);
        assertRefused(h.validator().validate(chainUnderCity(forged)), RefusalReason.REGION_VIOLATION, "440000");
    }

    @Test
    void a_city_ca_cannot_create_a_province_ca() throws Exception {
        KeyPair caKey = Forgery.p256();
        KeyPair leafKey = Forgery.p256();
        X509Certificate forgedCa = Forgery.ca(h.city.caCertificate(), h.city.caKey(), caKey.getPublic(),
                GUANGDONG.dnsName(), 0, h.now);
        X509Certificate leaf = Forgery.leaf(forgedCa, caKey.getPrivate(), leafKey.getPublic(), GUANGDONG.dnsName(), h.now);
        List<X509Certificate> chain = List.of(leaf, forgedCa, h.city.caCertificate(), h.province.caCertificate());
        assertRefused(h.validator().validate(chain), RefusalReason.REGION_VIOLATION,
                "CA certificate claims region 440000 (provincial) but was issued by the CA of 440100");
    }

    @Test
    void a_province_leaf_cannot_claim_one_of_its_cities_although_name_constraints_allow_it() throws Exception {
        // 440100.440000.region.cascade is inside the province CA's permitted subtree, so only the
        // Cascade rule "a node's leaf names its own CA's region" refuses this.
        KeyPair key = Forgery.p256();
        X509Certificate forged = Forgery.leaf(h.province.caCertificate(), h.province.caKey(), key.getPublic(),
                GUANGZHOU.dnsName(), h.now);
        assertRefused(h.validator().validate(List.of(forged, h.province.caCertificate())),
                RefusalReason.REGION_VIOLATION, "certificate claims region 440100 but was issued by the CA of 440000");
    }

    @Test
    void a_leaf_naming_no_region_is_malformed() throws Exception {
        KeyPair key = Forgery.p256();
        X509Certificate unnamed = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), key.getPublic(), null, h.now);
        assertRefused(h.validator().validate(chainUnderCity(unnamed)), RefusalReason.MALFORMED,
                "names no single region");
    }

    @Test
    void a_chain_out_of_order_is_malformed() {
        List<X509Certificate> shuffled = List.of(h.city.tlsCertificate(), h.province.caCertificate(),
                h.city.caCertificate());
        assertRefused(h.validator().validate(shuffled), RefusalReason.MALFORMED, "out of order");
    }

    @Test
    void a_leaf_not_signed_by_its_issuer_is_an_invalid_chain() throws Exception {
        KeyPair key = Forgery.p256();
        KeyPair notTheCaKey = Forgery.p256();
        X509Certificate forged = Forgery.leaf(h.city.caCertificate(), notTheCaKey.getPrivate(), key.getPublic(),
                GUANGZHOU.dnsName(), h.now);
        assertRefused(h.validator().validate(chainUnderCity(forged)), RefusalReason.INVALID_CHAIN, "440100");
    }

    @Test
    void a_ca_certificate_cannot_identify_a_peer() {
        assertRefused(h.validator().validate(h.city.caChain()), RefusalReason.INVALID_CHAIN,
                "is a CA certificate and cannot identify a peer");
    }

    @Test
    void the_root_alone_identifies_no_node() {
        assertRefused(h.validator().validate(List.of(h.national.root())), RefusalReason.MALFORMED, "root");
    }

    @Test
    void ca_chains_are_validated_with_the_same_region_rules() {
        assertThat(HierarchyTest.identity(h.validator().validateCaChain(h.city.caChain())).region())
                .isEqualTo(GUANGZHOU);
        assertThat(HierarchyTest.identity(h.validator().validateCaChain(h.national.caChain())).region())
                .isEqualTo(RegionCode.NATIONAL);
    }

    @Test
    void an_sm2_application_certificate_chain_is_trusted_with_its_region() {
        List<X509Certificate> appChain = chainUnderCity(h.city.appCertificate());
        assertThat(HierarchyTest.identity(h.validator().validate(appChain)).region()).isEqualTo(GUANGZHOU);
    }

    @Test
    void a_forged_sm2_leaf_is_refused_like_any_other() throws Exception {
        KeyPair sm2 = Algorithms.generateSm2(new java.security.SecureRandom());
        X509Certificate outside = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), sm2.getPublic(),
                NANJING.dnsName(), h.now);
        assertRefused(h.validator().validate(chainUnderCity(outside)), RefusalReason.REGION_VIOLATION, "320100");
        KeyPair notTheCaKey = Forgery.p256();
        X509Certificate badlySigned = Forgery.leaf(h.city.caCertificate(), notTheCaKey.getPrivate(), sm2.getPublic(),
                GUANGZHOU.dnsName(), h.now);
        assertRefused(h.validator().validate(chainUnderCity(badlySigned)), RefusalReason.INVALID_CHAIN, "440100");
    }

    @Test
    void name_constraints_alone_refuse_a_leaf_outside_the_region_as_a_region_violation() throws Exception {
        // Name the city's own region too, so Cascade's region rule would pass and only the
        // province CA's NameConstraints (through PKIX) can refuse the extra name.
        for (KeyPair key : new KeyPair[] {Forgery.p256(), Algorithms.generateSm2(new java.security.SecureRandom())}) {
            X509Certificate forged = Forgery.leaf(h.city.caCertificate(), h.city.caKey(), key.getPublic(),
                    GUANGZHOU.dnsName(), "evil.example.com", h.now);
            assertRefused(h.validator().validate(chainUnderCity(forged)), RefusalReason.REGION_VIOLATION,
                    "outside the region its issuer may certify");
        }
    }

    private static List<X509Certificate> chainUnderCity(X509Certificate leaf) {
        return List.of(leaf, h.city.caCertificate(), h.province.caCertificate(), h.national.root());
    }

    static void assertRefused(PeerVerdict verdict, RefusalReason reason, String detailPart) {
        assertThat(verdict).isInstanceOf(PeerVerdict.Refused.class);
        PeerVerdict.Refused refused = (PeerVerdict.Refused) verdict;
        assertThat(refused.reason()).as(refused.detail()).isEqualTo(reason);
        assertThat(refused.detail()).contains(detailPart);
    }
}
