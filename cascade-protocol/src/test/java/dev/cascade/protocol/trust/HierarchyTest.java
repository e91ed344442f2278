package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGDONG;
import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static dev.cascade.protocol.trust.TestHierarchy.JIANGSU;
import static dev.cascade.protocol.trust.TestHierarchy.SHENZHEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.region.Tier;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HierarchyTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void every_tier_tls_chain_is_trusted_with_its_own_region() {
        PeerCertificateValidator validator = h.validator();
        assertThat(identity(validator.validate(h.national.tlsChain())).region()).isEqualTo(RegionCode.NATIONAL);
        assertThat(identity(validator.validate(h.province.tlsChain())).region()).isEqualTo(GUANGDONG);
        PeerIdentity city = identity(validator.validate(h.city.tlsChain()));
        assertThat(city.region()).isEqualTo(GUANGZHOU);
        assertThat(city.tier()).isEqualTo(Tier.MUNICIPAL);
        assertThat(city.leaf()).isEqualTo(h.city.tlsCertificate());
        assertThat(city.chain()).containsExactlyElementsOf(h.city.tlsChain());
        assertThat(city.fingerprint()).isEqualTo(Fingerprints.sha256Hex(h.city.tlsCertificate())).hasSize(64);
    }

    @Test
    void a_chain_without_the_root_is_trusted_too() {
        List<X509Certificate> withoutRoot = h.city.tlsChain().subList(0, 3);
        assertThat(identity(h.validator().validate(withoutRoot)).region()).isEqualTo(GUANGZHOU);
    }

    @Test
    void credentials_have_the_documented_shape() {
        assertThat(h.national.caChain()).containsExactly(h.national.root());
        assertThat(h.national.caCertificate()).isEqualTo(h.national.root());
        assertThat(h.province.caChain()).hasSize(2).endsWith(h.national.root());
        assertThat(h.city.caChain()).hasSize(3).endsWith(h.national.root());
        assertThat(h.city.tlsChain()).hasSize(4);
        assertThat(h.city.tlsChain().subList(1, 4)).containsExactlyElementsOf(h.city.caChain());
        assertThat(h.city.tier()).isEqualTo(Tier.MUNICIPAL);
        assertThat(h.city.suite()).isEqualTo(KeySuite.GM);
        assertThat(h.city.toString()).doesNotContain("Private");
    }

    @Test
    void root_follows_the_profile() {
        X509Certificate root = h.national.root();
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Cascade Root CA 100000,O=Cascade");
        assertThat(root.getBasicConstraints()).isEqualTo(2);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getNotAfter().toInstant())
                .isEqualTo(h.now.atOffset(ZoneOffset.UTC).plusYears(20).toInstant());
    }

    @Test
    void child_cas_are_name_constrained_to_their_region_with_path_length_by_tier() throws Exception {
        X509Certificate provinceCa = h.province.caCertificate();
        X509Certificate cityCa = h.city.caCertificate();
        assertThat(provinceCa.getSubjectX500Principal().getName()).isEqualTo("CN=Cascade CA 440000,O=Cascade");
        assertThat(provinceCa.getBasicConstraints()).isEqualTo(1);
        assertThat(cityCa.getBasicConstraints()).isEqualTo(0);
        assertThat(permittedDns(provinceCa)).isEqualTo("440000.region.cascade");
        assertThat(permittedDns(cityCa)).isEqualTo("440100.440000.region.cascade");
        assertThat(cityCa.getCriticalExtensionOIDs()).contains("2.5.29.30", "2.5.29.15", "2.5.29.19");
        assertThat(CertificateProfiles.regionOf(cityCa)).contains(GUANGZHOU);
        assertThat(provinceCa.getNotAfter().toInstant())
                .isEqualTo(h.now.atOffset(ZoneOffset.UTC).plusYears(5).toInstant());
    }

    @Test
    void tls_leaf_names_only_its_region_and_loopback_addresses() throws Exception {
        X509Certificate tls = h.city.tlsCertificate();
        assertThat(tls.getSubjectX500Principal().getName()).isEqualTo("CN=440100,O=Cascade");
        assertThat(tls.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .containsExactlyInAnyOrder((Object) "440100.440000.region.cascade", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(tls.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(tls.getBasicConstraints()).isEqualTo(-1);
        assertThat(tls.getSerialNumber().signum()).isPositive();
        assertThat(tls.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    }

    @Test
    void certificates_never_outlive_their_issuer() {
        X509Certificate root = h.national.root();
        Clock lateInRootLife = Clock.fixed(root.getNotAfter().toInstant().minus(Duration.ofDays(100)), ZoneOffset.UTC);
        CertificateAuthority national = new CertificateAuthority(h.national, lateInRootLife);
        X509Certificate jiangsu = national.issueChildCa(CertificateAuthority.prepareJoin(JIANGSU).caKeyPair().getPublic(),
                JIANGSU);
        assertThat(jiangsu.getNotAfter()).isEqualTo(root.getNotAfter());
    }

    @Test
    void earliest_expiry_is_the_first_certificate_to_run_out() {
        assertThat(h.city.earliestExpiry()).isEqualTo(h.now.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());
    }

    @Test
    void app_certificate_holds_an_sm2_key_for_gm_and_p256_for_intl() {
        assertThat(Algorithms.suiteOf(h.city.appCertificate().getPublicKey())).contains(KeySuite.GM);
        assertThat(h.city.appCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=440100 app,O=Cascade");
        assertThat(CertificateProfiles.regionOf(h.city.appCertificate())).contains(GUANGZHOU);
        NodeCredentials intl = CertificateAuthority.initNational(KeySuite.INTL, h.clock);
        assertThat(Algorithms.suiteOf(intl.appCertificate().getPublicKey())).contains(KeySuite.INTL);
    }

    @Test
    void only_tls_leaves_carry_a_tls_purpose_so_signed_content_can_demand_the_application_key() {
        assertThat(CertificateProfiles.isTlsLeaf(h.city.tlsCertificate())).isTrue();
        assertThat(CertificateProfiles.isTlsLeaf(h.national.tlsCertificate())).isTrue();
        assertThat(CertificateProfiles.isTlsLeaf(h.city.appCertificate())).isFalse();
        assertThat(CertificateProfiles.isTlsLeaf(h.national.appCertificate())).isFalse();
        assertThat(CertificateProfiles.isTlsLeaf(h.province.caCertificate())).isFalse();
    }

    @Test
    void complete_join_refuses_a_certificate_for_another_key() {
        PendingJoin pending = CertificateAuthority.prepareJoin(SHENZHEN);
        PendingJoin other = CertificateAuthority.prepareJoin(SHENZHEN);
        CertificateAuthority province = h.caOf(h.province);
        List<X509Certificate> answer = province.chainFor(
                province.issueChildCa(other.caKeyPair().getPublic(), SHENZHEN));
        assertThatThrownBy(() -> CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, h.clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another key");
    }

    @Test
    void complete_join_refuses_a_certificate_for_another_region() {
        PendingJoin pending = CertificateAuthority.prepareJoin(SHENZHEN);
        CertificateAuthority province = h.caOf(h.province);
        List<X509Certificate> answer = province.chainFor(
                province.issueChildCa(pending.caKeyPair().getPublic(), GUANGZHOU));
        assertThatThrownBy(() -> CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, h.clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certifies region 440100, this node asked for 440300");
    }

    @Test
    void complete_join_refuses_a_chain_that_does_not_validate() {
        PendingJoin pending = CertificateAuthority.prepareJoin(SHENZHEN);
        CertificateAuthority province = h.caOf(h.province);
        X509Certificate ca = province.issueChildCa(pending.caKeyPair().getPublic(), SHENZHEN);
        NodeCredentials otherHierarchy = CertificateAuthority.initNational(KeySuite.GM, h.clock);
        List<X509Certificate> answer = List.of(ca, h.province.caCertificate(), otherHierarchy.root());
        assertThatThrownBy(() -> CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, h.clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UNKNOWN_ROOT");
    }

    @Test
    void complete_join_with_a_pin_refuses_another_root() {
        PendingJoin pending = CertificateAuthority.prepareJoin(SHENZHEN);
        CertificateAuthority province = h.caOf(h.province);
        List<X509Certificate> answer = province.chainFor(province.issueChildCa(pending.caKeyPair().getPublic(), SHENZHEN));
        String otherPin = Fingerprints.pin(CertificateAuthority.initNational(KeySuite.GM, h.clock).root());
        assertThatThrownBy(() -> CertificateAuthority.completeJoin(pending, answer, otherPin, KeySuite.GM, h.clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the join token's pin");
        NodeCredentials joined = CertificateAuthority.completeJoin(pending, answer, Fingerprints.pin(h.national.root()),
                KeySuite.INTL, h.clock);
        assertThat(joined.region()).isEqualTo(SHENZHEN);
    }

    @Test
    void the_national_node_does_not_join() {
        assertThatThrownBy(() -> CertificateAuthority.prepareJoin(RegionCode.NATIONAL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static PeerIdentity identity(PeerVerdict verdict) {
        assertThat(verdict).isInstanceOf(PeerVerdict.Trusted.class);
        return ((PeerVerdict.Trusted) verdict).identity();
    }

    private static String permittedDns(X509Certificate ca) {
        NameConstraints constraints = NameConstraints.getInstance(
                ASN1OctetString.getInstance(ca.getExtensionValue("2.5.29.30")).getOctets());
        assertThat(constraints.getPermittedSubtrees()).hasSize(1);
        assertThat(constraints.getExcludedSubtrees()).isNull();
        GeneralName name = constraints.getPermittedSubtrees()[0].getBase();
        assertThat(name.getTagNo()).isEqualTo(GeneralName.dNSName);
        return name.getName().toString();
    }
}
