package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RevocationRegistryTest {

    private static TestHierarchy h;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    private static SignedRevocationList provinceList(long number) {
        return h.caOf(h.province).signRevocationList(number,
                List.of(new RevokedCertificate(h.city.caCertificate().getSerialNumber(), GUANGZHOU, h.now)));
    }

    @Test
    void a_crl_has_number_authority_key_id_and_a_seven_day_window() {
        X509CRL crl = h.caOf(h.province).issueRevocationList(42, List.of());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(h.province.caCertificate().getSubjectX500Principal());
        assertThat(crl.getExtensionValue(Extension.cRLNumber.getId())).isNotNull();
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(crl.getThisUpdate().toInstant().plus(CertificateAuthority.CRL_VALIDITY));
        assertThat(crl.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void only_a_higher_crl_number_replaces_the_held_list() {
        RevocationRegistry registry = h.emptyRegistry();
        assertThat(registry.accept(provinceList(2))).isEqualTo(new RevocationUpdate.Accepted(true));
        assertThat(registry.accept(provinceList(1))).isEqualTo(new RevocationUpdate.Accepted(false));
        assertThat(registry.accept(provinceList(2))).isEqualTo(new RevocationUpdate.Accepted(false));
        assertThat(registry.all()).hasSize(1);
        assertThat(registry.accept(provinceList(3))).isEqualTo(new RevocationUpdate.Accepted(true));
        assertThat(registry.all()).hasSize(1);
        assertThat(registry.isRevoked(h.city.caCertificate())).isTrue();
        assertThat(registry.isRevoked(h.province.caCertificate())).isFalse();
    }

    @Test
    void a_crl_signed_by_a_key_other_than_its_issuer_is_rejected() throws Exception {
        // Claims to be the province's list, but is signed with the city CA's key.
        JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(h.province.caCertificate(), Date.from(h.now));
        builder.addCRLEntry(h.city.caCertificate().getSerialNumber(), Date.from(h.now), 0);
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.TEN));
        X509CRL forged = new JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(h.city.caKey())));
        RevocationRegistry registry = h.emptyRegistry();
        RevocationUpdate update = registry.accept(new SignedRevocationList(forged, h.province.caChain()));
        assertThat(update).isInstanceOf(RevocationUpdate.Rejected.class);
        assertThat(((RevocationUpdate.Rejected) update).reason()).contains("not signed by that CA's key");
        assertThat(registry.isRevoked(h.city.caCertificate())).isFalse();
    }

    @Test
    void a_crl_from_a_certificate_that_is_not_a_ca_is_rejected() throws Exception {
        JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(h.city.tlsCertificate(), Date.from(h.now));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        X509CRL crl = new JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(h.city.tlsKey())));
        RevocationUpdate update = h.emptyRegistry().accept(new SignedRevocationList(crl, h.city.tlsChain()));
        assertThat(update).isInstanceOf(RevocationUpdate.Rejected.class);
        assertThat(((RevocationUpdate.Rejected) update).reason()).contains("is not a CA");
    }

    @Test
    void a_crl_from_a_ca_of_another_hierarchy_is_rejected() {
        NodeCredentials other = CertificateAuthority.initNational(KeySuite.GM, h.clock);
        SignedRevocationList list = h.caOf(other).signRevocationList(1, List.of());
        RevocationUpdate update = h.emptyRegistry().accept(list);
        assertThat(update).isInstanceOf(RevocationUpdate.Rejected.class);
        assertThat(((RevocationUpdate.Rejected) update).reason()).contains("UNKNOWN_ROOT");
    }

    @Test
    void a_crl_without_a_number_is_rejected() throws Exception {
        JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(h.province.caCertificate(), Date.from(h.now));
        X509CRL crl = new JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(h.province.caKey())));
        RevocationUpdate update = h.emptyRegistry().accept(new SignedRevocationList(crl, h.province.caChain()));
        assertThat(update).isInstanceOf(RevocationUpdate.Rejected.class);
        assertThat(((RevocationUpdate.Rejected) update).reason()).contains("no CRL number");
    }

    @Test
    void the_national_root_can_revoke_a_province() {
        RevocationRegistry registry = h.emptyRegistry();
        SignedRevocationList list = h.caOf(h.national).signRevocationList(1, List.of(new RevokedCertificate(
                h.province.caCertificate().getSerialNumber(), TestHierarchy.GUANGDONG, h.now)));
        assertThat(list.issuerChain()).containsExactly(h.national.root());
        assertThat(registry.accept(list)).isEqualTo(new RevocationUpdate.Accepted(true));
        assertThat(registry.isRevoked(h.province.caCertificate())).isTrue();
        assertThat(h.validator(registry).validate(h.city.tlsChain())).isInstanceOf(PeerVerdict.Refused.class);
    }

    @Test
    void digest_is_empty_for_no_lists_and_equal_for_equal_holdings() {
        RevocationRegistry a = h.emptyRegistry();
        RevocationRegistry b = h.emptyRegistry();
        assertThat(a.digest()).isEmpty();
        SignedRevocationList province = provinceList(5);
        SignedRevocationList national = h.caOf(h.national).signRevocationList(9, List.of());
        a.accept(province);
        a.accept(national);
        b.accept(national);
        assertThat(a.digest()).isNotEqualTo(b.digest());
        b.accept(province);
        assertThat(a.digest()).isEqualTo(b.digest()).hasSize(64);
        b.accept(provinceList(6));
        assertThat(a.digest()).isNotEqualTo(b.digest());
    }

    @Test
    void a_signed_list_survives_der_encoding() {
        SignedRevocationList list = provinceList(3);
        SignedRevocationList decoded = SignedRevocationList.decode(list.crlDer(), list.issuerChainDer());
        assertThat(decoded.crl()).isEqualTo(list.crl());
        assertThat(decoded.issuerChain()).containsExactlyElementsOf(list.issuerChain());
        assertThat(h.emptyRegistry().accept(decoded)).isEqualTo(new RevocationUpdate.Accepted(true));
    }

    @Test
    void decoding_garbage_is_an_illegal_argument() {
        SignedRevocationList list = provinceList(3);
        assertThatThrownBy(() -> SignedRevocationList.decode(new byte[] {1, 2, 3}, list.issuerChainDer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRL");
        assertThatThrownBy(() -> SignedRevocationList.decode(list.crlDer(), List.of(new byte[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> SignedRevocationList.decode(list.crlDer(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
