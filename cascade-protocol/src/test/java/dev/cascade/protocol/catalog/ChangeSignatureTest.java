package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.PendingJoin;
import dev.cascade.protocol.trust.RevocationRegistry;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeSignatureTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode SHENZHEN = RegionCode.parse("440300");
    private static final byte[] BODY = "origin=440100 seq=7 resource=3.01.001.002-000017 upsert"
            .getBytes(StandardCharsets.UTF_8);

    /** national → 440000 → {440100, 440300}, one hierarchy per suite, built as node-runtime onboards. */
    private record Hierarchy(Clock clock, NodeCredentials national, NodeCredentials province,
                             NodeCredentials guangzhou, NodeCredentials shenzhen) {

        static Hierarchy build(KeySuite suite) {
            Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
            NodeCredentials national = CertificateAuthority.initNational(suite, clock);
            NodeCredentials province = join(national, GUANGDONG, suite, clock);
            return new Hierarchy(clock, national, province, join(province, GUANGZHOU, suite, clock),
                    join(province, SHENZHEN, suite, clock));
        }

        private static NodeCredentials join(NodeCredentials parent, RegionCode child, KeySuite suite, Clock clock) {
            PendingJoin pending = CertificateAuthority.prepareJoin(child);
            CertificateAuthority parentCa = new CertificateAuthority(parent, clock);
            CsrCheck.Accepted accepted = (CsrCheck.Accepted) parentCa.inspect(pending.csrDer(), child);
            List<X509Certificate> answer = parentCa.chainFor(
                    parentCa.issueChildCa(accepted.publicKey(), accepted.region()));
            return CertificateAuthority.completeJoin(pending, answer, suite, clock);
        }

        PeerCertificateValidator validator() {
            return new PeerCertificateValidator(national.root(), new RevocationRegistry(national.root(), clock), clock);
        }
    }

    // One hierarchy per suite for the whole class (key generation is the slow part); per-class
    // lifecycle keeps it an instance field rather than static state.
    private final Map<KeySuite, Hierarchy> hierarchies = new EnumMap<>(KeySuite.class);

    @BeforeAll
    void buildHierarchies() {
        for (KeySuite suite : KeySuite.values()) {
            hierarchies.put(suite, Hierarchy.build(suite));
        }
    }

    /** What the change carries: the application certificate, then the node's CA chain to the root. */
    private static List<X509Certificate> appChain(NodeCredentials node) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(node.appCertificate());
        chain.addAll(node.caChain());
        return chain;
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_change_signed_by_its_origin_is_authentic(KeySuite suite) {
        Hierarchy h = hierarchies.get(suite);
        byte[] signature = ChangeSignature.sign(h.guangzhou(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(h.guangzhou()), GUANGZHOU, h.validator()))
                .isEqualTo(new ChangeCheck.Authentic(GUANGZHOU));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void the_national_node_signs_with_its_root_issued_app_certificate(KeySuite suite) {
        Hierarchy h = hierarchies.get(suite);
        byte[] signature = ChangeSignature.sign(h.national(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(h.national()), RegionCode.NATIONAL,
                h.validator())).isEqualTo(new ChangeCheck.Authentic(RegionCode.NATIONAL));
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void an_altered_body_is_forged(KeySuite suite) {
        Hierarchy h = hierarchies.get(suite);
        byte[] signature = ChangeSignature.sign(h.guangzhou(), BODY);
        byte[] altered = BODY.clone();
        altered[altered.length - 1] ^= 1;
        assertThat(ChangeSignature.verify(altered, signature, appChain(h.guangzhou()), GUANGZHOU, h.validator()))
                .isInstanceOfSatisfying(ChangeCheck.Forged.class,
                        forged -> assertThat(forged.reason()).startsWith("signature does not verify"));
    }

    @Test
    void a_garbage_or_missing_signature_is_forged_not_an_exception() {
        Hierarchy h = hierarchies.get(KeySuite.GM);
        assertThat(ChangeSignature.verify(BODY, new byte[] {1, 2, 3}, appChain(h.guangzhou()), GUANGZHOU,
                h.validator())).isInstanceOf(ChangeCheck.Forged.class);
        assertThat(ChangeSignature.verify(BODY, null, appChain(h.guangzhou()), GUANGZHOU, h.validator()))
                .isInstanceOf(ChangeCheck.Forged.class);
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_neighbour_signing_in_the_name_of_another_origin_is_forged(KeySuite suite) {
        Hierarchy h = hierarchies.get(suite);
        byte[] signature = ChangeSignature.sign(h.shenzhen(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(h.shenzhen()), GUANGZHOU, h.validator()))
                .isEqualTo(new ChangeCheck.Forged("signed by 440300 but claims origin 440100"));
    }

    @Test
    void a_parent_cannot_author_changes_for_its_child() {
        Hierarchy h = hierarchies.get(KeySuite.GM);
        byte[] signature = ChangeSignature.sign(h.province(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(h.province()), GUANGZHOU, h.validator()))
                .isEqualTo(new ChangeCheck.Forged("signed by 440000 but claims origin 440100"));
    }

    @Test
    void a_chain_from_another_root_is_forged() {
        Hierarchy ours = hierarchies.get(KeySuite.GM);
        Hierarchy theirs = Hierarchy.build(KeySuite.GM);
        byte[] signature = ChangeSignature.sign(theirs.guangzhou(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(theirs.guangzhou()), GUANGZHOU,
                ours.validator()))
                .isInstanceOfSatisfying(ChangeCheck.Forged.class,
                        forged -> assertThat(forged.reason()).contains("UNKNOWN_ROOT")
                                .contains("does not lead to this hierarchy's root"));
    }

    @Test
    void a_change_without_a_chain_is_forged() {
        Hierarchy h = hierarchies.get(KeySuite.GM);
        byte[] signature = ChangeSignature.sign(h.guangzhou(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, List.of(), GUANGZHOU, h.validator()))
                .isEqualTo(new ChangeCheck.Forged("change claiming origin 440100 carries no certificate chain"));
        assertThat(ChangeSignature.verify(BODY, signature, null, GUANGZHOU, h.validator()))
                .isInstanceOf(ChangeCheck.Forged.class);
    }

    @Test
    void a_change_presented_with_the_origins_tls_certificate_is_forged() {
        Hierarchy h = hierarchies.get(KeySuite.INTL);
        byte[] signature = ChangeSignature.sign(h.guangzhou(), BODY);
        assertThat(ChangeSignature.verify(BODY, signature, h.guangzhou().tlsChain(), GUANGZHOU, h.validator()))
                .isInstanceOfSatisfying(ChangeCheck.Forged.class,
                        forged -> assertThat(forged.reason()).contains("TLS certificate"));
    }

    @Test
    void an_expired_origin_certificate_is_forged() {
        Hierarchy h = hierarchies.get(KeySuite.GM);
        byte[] signature = ChangeSignature.sign(h.guangzhou(), BODY);
        Clock twoYearsOn = Clock.offset(h.clock(), Duration.ofDays(730));
        PeerCertificateValidator later = new PeerCertificateValidator(h.national().root(),
                new RevocationRegistry(h.national().root(), twoYearsOn), twoYearsOn);
        assertThat(ChangeSignature.verify(BODY, signature, appChain(h.guangzhou()), GUANGZHOU, later))
                .isInstanceOfSatisfying(ChangeCheck.Forged.class,
                        forged -> assertThat(forged.reason()).contains("EXPIRED"));
    }

    private static final byte[] CHECKPOINT = "origin=440100 first=7 digests=…".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_checkpoint_signed_by_its_origin_is_authentic_and_an_altered_one_is_not(KeySuite suite) {
        Hierarchy h = hierarchies.get(suite);
        byte[] signature = ChangeSignature.signCheckpoint(h.guangzhou(), CHECKPOINT);
        assertThat(ChangeSignature.verifyCheckpoint(CHECKPOINT, signature, appChain(h.guangzhou()), GUANGZHOU,
                h.validator(), leaf -> dev.cascade.protocol.trust.Signatures.verifierFor(leaf.getPublicKey())))
                .isEqualTo(new ChangeCheck.Authentic(GUANGZHOU));
        byte[] altered = CHECKPOINT.clone();
        altered[0] ^= 1;
        assertThat(ChangeSignature.verifyCheckpoint(altered, signature, appChain(h.guangzhou()), GUANGZHOU,
                h.validator(), leaf -> dev.cascade.protocol.trust.Signatures.verifierFor(leaf.getPublicKey())))
                .isInstanceOf(ChangeCheck.Forged.class);
        assertThat(ChangeSignature.verifyCheckpoint(CHECKPOINT, signature, appChain(h.shenzhen()), GUANGZHOU,
                h.validator(), leaf -> dev.cascade.protocol.trust.Signatures.verifierFor(leaf.getPublicKey())))
                .isInstanceOf(ChangeCheck.Forged.class);
    }

    @Test
    void a_change_signature_never_passes_for_a_checkpoint_signature_nor_the_reverse() {
        Hierarchy h = hierarchies.get(KeySuite.GM);
        byte[] asChange = ChangeSignature.sign(h.guangzhou(), CHECKPOINT);
        assertThat(ChangeSignature.verifyCheckpoint(CHECKPOINT, asChange, appChain(h.guangzhou()), GUANGZHOU,
                h.validator(), leaf -> dev.cascade.protocol.trust.Signatures.verifierFor(leaf.getPublicKey())))
                .isInstanceOfSatisfying(ChangeCheck.Forged.class, f -> assertThat(f.reason()).startsWith("signature does not verify"));
        byte[] asCheckpoint = ChangeSignature.signCheckpoint(h.guangzhou(), BODY);
        assertThat(ChangeSignature.verify(BODY, asCheckpoint, appChain(h.guangzhou()), GUANGZHOU, h.validator()))
                .isInstanceOf(ChangeCheck.Forged.class);
    }
}
