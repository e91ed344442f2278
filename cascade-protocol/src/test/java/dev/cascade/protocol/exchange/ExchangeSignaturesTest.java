package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.catalog.ChangeCheck;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.exchange.ExchangeSignatures.Kind;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.PendingJoin;
import dev.cascade.protocol.trust.RevocationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeSignaturesTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final byte[] BODY = "exchange 6f1c… resource 3.01.001.002-000017 fields name,id_no"
            .getBytes(StandardCharsets.UTF_8);

    private Clock clock;
    private NodeCredentials national;
    private NodeCredentials guangdong;
    private NodeCredentials guangzhou;
    private PeerCertificateValidator validator;

    @BeforeAll
    void hierarchy() {
        clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        national = CertificateAuthority.initNational(KeySuite.GM, clock);
        guangdong = join(national, GUANGDONG);
        guangzhou = join(guangdong, GUANGZHOU);
        validator = new PeerCertificateValidator(national.root(), new RevocationRegistry(national.root(), clock), clock);
    }

    private NodeCredentials join(NodeCredentials parent, RegionCode child) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority ca = new CertificateAuthority(parent, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
        return CertificateAuthority.completeJoin(pending, ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region())),
                KeySuite.GM, clock);
    }


    @Test
    void a_request_signed_by_the_consumer_node_is_attributed_to_it() {
        byte[] sig = ExchangeSignatures.sign(guangzhou, Kind.REQUEST, BODY);
        assertThat(ExchangeSignatures.verify(Kind.REQUEST, BODY, sig, guangzhou.appChain(), GUANGZHOU, validator))
                .isInstanceOfSatisfying(Authorship.Authentic.class, a -> assertThat(a.author()).isEqualTo(GUANGZHOU));
        assertThat(ExchangeSignatures.verifyWith(guangzhou.appCertificate(), Kind.REQUEST, BODY, sig)).isTrue();
    }

    @Test
    void an_altered_request_is_refused() {
        byte[] sig = ExchangeSignatures.sign(guangzhou, Kind.REQUEST, BODY);
        byte[] altered = BODY.clone();
        altered[3] ^= 1;
        assertThat(ExchangeSignatures.verify(Kind.REQUEST, altered, sig, guangzhou.appChain(), GUANGZHOU, validator))
                .isInstanceOfSatisfying(Authorship.Unproven.class,
                        u -> assertThat(u.reason()).contains("does not verify"));
    }

    @Test
    void a_relay_cannot_sign_in_the_consumers_name() {
        byte[] sig = ExchangeSignatures.sign(guangdong, Kind.REQUEST, BODY);
        assertThat(ExchangeSignatures.verify(Kind.REQUEST, BODY, sig, guangdong.appChain(), GUANGZHOU, validator))
                .isInstanceOfSatisfying(Authorship.Unproven.class,
                        u -> assertThat(u.reason()).contains("signed by 440000 but claims origin 440100"));
    }

    @Test
    void a_signature_of_one_kind_never_passes_for_another_nor_for_a_catalog_change() {
        byte[] request = ExchangeSignatures.sign(guangzhou, Kind.REQUEST, BODY);
        for (Kind other : List.of(Kind.UPDATE, Kind.GRANT, Kind.RECEIPT, Kind.UNROUTABLE)) {
            assertThat(ExchangeSignatures.verify(other, BODY, request, guangzhou.appChain(), GUANGZHOU, validator))
                    .as(other.name()).isInstanceOf(Authorship.Unproven.class);
        }
        assertThat(ChangeSignature.verify(BODY, request, guangzhou.appChain(), GUANGZHOU, validator))
                .isInstanceOf(ChangeCheck.Forged.class);
        byte[] change = ChangeSignature.sign(guangzhou, BODY);
        assertThat(ExchangeSignatures.verify(Kind.REQUEST, BODY, change, guangzhou.appChain(), GUANGZHOU, validator))
                .isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void an_unroutable_notice_is_attributed_to_the_hop_that_stopped_the_request_and_to_no_one_else() {
        byte[] sig = ExchangeSignatures.sign(guangdong, Kind.UNROUTABLE, BODY);
        assertThat(ExchangeSignatures.verify(Kind.UNROUTABLE, BODY, sig, guangdong.appChain(), GUANGDONG, validator))
                .isInstanceOf(Authorship.Authentic.class);
        // A notice signed by one node cannot name another as the hop that stopped the request.
        assertThat(ExchangeSignatures.verify(Kind.UNROUTABLE, BODY, ExchangeSignatures.sign(guangzhou, Kind.UNROUTABLE, BODY),
                guangzhou.appChain(), GUANGDONG, validator))
                .isEqualTo(new Authorship.Unproven("signed by 440100 but claims origin 440000"));
        // Nor can a receipt's signature be replayed as a notice.
        assertThat(ExchangeSignatures.verify(Kind.UNROUTABLE, BODY, ExchangeSignatures.sign(guangdong, Kind.RECEIPT, BODY),
                guangdong.appChain(), GUANGDONG, validator)).isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void a_message_without_a_chain_or_signed_with_the_tls_key_is_unproven() {
        byte[] sig = ExchangeSignatures.sign(guangzhou, Kind.RECEIPT, BODY);
        assertThat(ExchangeSignatures.verify(Kind.RECEIPT, BODY, sig, List.of(), GUANGZHOU, validator))
                .isInstanceOf(Authorship.Unproven.class);
        assertThat(ExchangeSignatures.verify(Kind.RECEIPT, BODY, sig, guangzhou.tlsChain(), GUANGZHOU, validator))
                .isInstanceOfSatisfying(Authorship.Unproven.class, u -> assertThat(u.reason()).contains("TLS"));
    }
}
