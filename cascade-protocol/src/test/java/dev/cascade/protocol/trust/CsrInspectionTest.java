package dev.cascade.protocol.trust;

import static dev.cascade.protocol.trust.TestHierarchy.GUANGZHOU;
import static dev.cascade.protocol.trust.TestHierarchy.NANJING;
import static dev.cascade.protocol.trust.TestHierarchy.SHENZHEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.region.RegionCode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CsrInspectionTest {

    private static TestHierarchy h;
    private static CertificateAuthority province;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
        province = h.caOf(h.province);
    }

    @Test
    void a_well_formed_csr_for_the_expected_child_is_accepted_with_its_key() {
        PendingJoin join = CertificateAuthority.prepareJoin(SHENZHEN);
        CsrCheck check = province.inspect(join.csrDer(), SHENZHEN);
        assertThat(check).isInstanceOf(CsrCheck.Accepted.class);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) check;
        assertThat(accepted.region()).isEqualTo(SHENZHEN);
        assertThat(accepted.publicKey().getEncoded()).isEqualTo(join.caKeyPair().getPublic().getEncoded());
    }

    @Test
    void garbage_is_malformed() {
        assertProblem(province.inspect(new byte[] {0x30, 0x03, 0x02, 0x01}, SHENZHEN), CsrProblem.MALFORMED,
                "not a DER PKCS#10");
        assertProblem(province.inspect("hello".getBytes(), SHENZHEN), CsrProblem.MALFORMED, "not a DER PKCS#10");
        assertProblem(province.inspect(new byte[0], SHENZHEN), CsrProblem.MALFORMED, "not a DER PKCS#10");
    }

    @Test
    void a_csr_naming_no_region_is_malformed() throws Exception {
        KeyPair key = Forgery.p256();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Cascade CA 440300"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
        assertProblem(province.inspect(csr, SHENZHEN), CsrProblem.MALFORMED, "names no single region");
    }

    @Test
    void a_csr_signed_by_another_key_than_it_names_has_a_bad_signature() throws Exception {
        KeyPair named = Forgery.p256();
        KeyPair signer = Forgery.p256();
        assertProblem(province.inspect(csr(named.getPublic(), signer, SHENZHEN), SHENZHEN), CsrProblem.BAD_SIGNATURE,
                "not signed by the key it asks to certify");
    }

    @Test
    void a_csr_for_another_city_than_the_token_is_a_region_mismatch() {
        byte[] csr = CertificateAuthority.prepareJoin(GUANGZHOU).csrDer();
        assertProblem(province.inspect(csr, SHENZHEN), CsrProblem.REGION_MISMATCH,
                "CSR is for region 440100 but the join is for 440300");
    }

    @Test
    void a_province_cannot_certify_a_city_of_another_province() {
        byte[] csr = CertificateAuthority.prepareJoin(NANJING).csrDer();
        assertProblem(province.inspect(csr, NANJING), CsrProblem.NOT_A_CHILD,
                "region 320100 is not a direct child of 440000");
    }

    @Test
    void the_national_node_cannot_certify_a_city_directly_and_a_city_has_no_children() {
        byte[] csr = CertificateAuthority.prepareJoin(SHENZHEN).csrDer();
        assertProblem(h.caOf(h.national).inspect(csr, SHENZHEN), CsrProblem.NOT_A_CHILD, "not a direct child of 100000");
        assertProblem(h.caOf(h.city).inspect(csr, SHENZHEN), CsrProblem.NOT_A_CHILD, "not a direct child of 440100");
    }

    @Test
    void a_csr_for_an_rsa_key_is_unsupported() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair key = rsa.generateKeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(CertificateProfiles.caSubject(SHENZHEN), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, regionRequest(SHENZHEN))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())).getEncoded();
        assertProblem(province.inspect(csr, SHENZHEN), CsrProblem.UNSUPPORTED_KEY, "must be EC P-256");
    }

    @Test
    void a_csr_for_an_sm2_key_is_unsupported_because_cas_are_p256() throws Exception {
        KeyPair sm2 = Algorithms.generateSm2(new java.security.SecureRandom());
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(CertificateProfiles.caSubject(SHENZHEN), sm2.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, regionRequest(SHENZHEN))
                .build(new JcaContentSignerBuilder("SM3withSM2").setProvider(Algorithms.BC).build(sm2.getPrivate()))
                .getEncoded();
        assertProblem(province.inspect(csr, SHENZHEN), CsrProblem.UNSUPPORTED_KEY, "curve 1.2.156.10197.1.301");
    }

    @Test
    void issuing_a_ca_for_a_region_that_is_not_a_direct_child_is_refused() {
        PublicKey key = CertificateAuthority.prepareJoin(NANJING).caKeyPair().getPublic();
        assertThatThrownBy(() -> province.issueChildCa(key, NANJING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region 320100 is not a direct child of 440000");
        assertThatThrownBy(() -> province.issueChildCa(key, RegionCode.parse("440000")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issuing_a_ca_for_a_non_p256_key_is_refused() {
        PublicKey sm2 = Algorithms.generateSm2(new java.security.SecureRandom()).getPublic();
        assertThatThrownBy(() -> province.issueChildCa(sm2, SHENZHEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be EC P-256");
    }

    private static byte[] csr(PublicKey named, KeyPair signer, RegionCode region) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(CertificateProfiles.caSubject(region), named)
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, regionRequest(region))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())).getEncoded();
    }

    private static Extensions regionRequest(RegionCode region) throws Exception {
        return new Extensions(new Extension(Extension.subjectAlternativeName, false,
                CertificateProfiles.dnsNames(region).getEncoded()));
    }

    private static void assertProblem(CsrCheck check, CsrProblem problem, String detailPart) {
        assertThat(check).isInstanceOf(CsrCheck.Refused.class);
        CsrCheck.Refused refused = (CsrCheck.Refused) check;
        assertThat(refused.problem()).as(refused.detail()).isEqualTo(problem);
        assertThat(refused.detail()).contains(detailPart);
    }
}
