package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.exchange.ExchangeSignatures.Kind;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.TestHierarchy;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One signature over a batch of messages: each message still proves, alone, that its author signed it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchSealTest {

    private static final RegionCode GUANGDONG = TestHierarchy.GUANGDONG;
    private static final RegionCode GUANGZHOU = TestHierarchy.GUANGZHOU;

    private NodeCredentials guangdong;
    private NodeCredentials guangzhou;
    private NodeCredentials guangzhouIntl;
    private PeerCertificateValidator validator;
    private PeerCertificateValidator intlValidator;

    @BeforeAll
    void hierarchy() {
        TestHierarchy gm = new TestHierarchy(KeySuite.GM);
        guangdong = gm.province;
        guangzhou = gm.city;
        validator = gm.validator();
        TestHierarchy intl = new TestHierarchy(KeySuite.INTL);
        guangzhouIntl = intl.city;
        intlValidator = intl.validator();
    }

    private static List<byte[]> bodies(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("request " + i + " for resource 3.01.001.002-0000" + i).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void every_message_of_batches_of_every_size_verifies_alone_under_its_authors_chain() {
        for (int n = 1; n <= 17; n++) {
            List<byte[]> bodies = bodies(n);
            List<byte[]> seals = ExchangeSignatures.sealAll(guangzhou, Kind.REQUEST, bodies);
            assertThat(seals).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(ExchangeSignatures.verifySealed(Kind.REQUEST, bodies.get(i), seals.get(i), guangzhou.appChain(),
                        GUANGZHOU, validator)).isInstanceOf(Authorship.Authentic.class);
            }
        }
    }

    @Test
    void the_international_suite_seals_the_same_way() {
        List<byte[]> bodies = bodies(5);
        List<byte[]> seals = ExchangeSignatures.sealAll(guangzhouIntl, Kind.UPDATE, bodies);
        assertThat(ExchangeSignatures.verifySealed(Kind.UPDATE, bodies.get(3), seals.get(3), guangzhouIntl.appChain(),
                GUANGZHOU, intlValidator)).isInstanceOf(Authorship.Authentic.class);
    }

    @Test
    void the_whole_batch_shares_one_signature_so_a_remembering_verifier_checks_it_once() {
        List<byte[]> bodies = bodies(64);
        List<byte[]> seals = ExchangeSignatures.sealAll(guangzhou, Kind.REQUEST, bodies);
        AtomicInteger checks = new AtomicInteger();
        List<byte[]> verified = new ArrayList<>();
        SignatureVerifier remembering = (signed, signature) -> {
            for (byte[] v : verified) {
                if (Arrays.equals(v, signed)) {
                    return true;
                }
            }
            checks.incrementAndGet();
            boolean ok = Signatures.verify(guangzhou.appCertificate(), signed, signature);
            if (ok) {
                verified.add(signed);
            }
            return ok;
        };
        for (int i = 0; i < 64; i++) {
            assertThat(ExchangeSignatures.verifySealed(Kind.REQUEST, bodies.get(i), seals.get(i), guangzhou.appChain(),
                    GUANGZHOU, validator, leaf -> remembering)).isInstanceOf(Authorship.Authentic.class);
        }
        assertThat(checks).hasValue(1);
    }

    @Test
    void an_altered_message_another_position_or_a_changed_path_are_refused() {
        List<byte[]> bodies = bodies(6);
        List<byte[]> seals = ExchangeSignatures.sealAll(guangzhou, Kind.REQUEST, bodies);

        byte[] altered = bodies.get(2).clone();
        altered[0] ^= 1;
        assertThat(unproven(Kind.REQUEST, altered, seals.get(2))).contains("does not verify");
        // A message presented with its neighbour's seal.
        assertThat(unproven(Kind.REQUEST, bodies.get(2), seals.get(3))).contains("does not verify");
        // Position moved: the path no longer leads to the signed root.
        BatchSeal s = BatchSeal.decode(seals.get(2)).orElseThrow();
        byte[] moved = new BatchSeal(s.hash(), 1, s.size(), s.path(), s.signature()).encode();
        assertThat(unproven(Kind.REQUEST, bodies.get(2), moved)).contains("does not verify");
        // A size that changes the path's length is refused before any signature check.
        byte[] resized = new BatchSeal(s.hash(), 2, 3, s.path(), s.signature()).encode();
        assertThat(unproven(Kind.REQUEST, bodies.get(2), resized)).contains("audit path does not fit message 2 of a batch of 3");
        List<byte[]> path = new ArrayList<>(s.path());
        byte[] first = path.get(0).clone();
        first[5] ^= 0x40;
        path.set(0, first);
        byte[] bent = new BatchSeal(s.hash(), s.index(), s.size(), path, s.signature()).encode();
        assertThat(unproven(Kind.REQUEST, bodies.get(2), bent)).contains("does not verify");
    }

    @Test
    void a_sealed_request_cannot_pass_for_an_update_nor_be_claimed_by_another_node() {
        List<byte[]> bodies = bodies(3);
        List<byte[]> seals = ExchangeSignatures.sealAll(guangzhou, Kind.REQUEST, bodies);
        assertThat(unproven(Kind.UPDATE, bodies.get(0), seals.get(0))).contains("does not verify");
        assertThat(ExchangeSignatures.verifySealed(Kind.REQUEST, bodies.get(0), seals.get(0), guangdong.appChain(),
                GUANGDONG, validator)).isInstanceOf(Authorship.Unproven.class);
        assertThat(ExchangeSignatures.verifySealed(Kind.REQUEST, bodies.get(0), seals.get(0), guangzhou.appChain(),
                GUANGDONG, validator)).isInstanceOf(Authorship.Unproven.class);
        // A plain signature over the body (the single-message form) is not a seal.
        byte[] plain = ExchangeSignatures.sign(guangzhou, Kind.REQUEST, bodies.get(0));
        assertThat(unproven(Kind.REQUEST, bodies.get(0), plain)).contains("malformed batch seal");
    }

    @Test
    void the_encoding_round_trips_and_garbage_does_not_decode() {
        List<byte[]> seals = ExchangeSignatures.sealAll(guangzhou, Kind.REQUEST, bodies(11));
        BatchSeal s = BatchSeal.decode(seals.get(7)).orElseThrow();
        assertThat(s.hash()).isEqualTo(LedgerHash.SM3);
        assertThat(s.index()).isEqualTo(7);
        assertThat(s.size()).isEqualTo(11);
        assertThat(s.encode()).isEqualTo(seals.get(7));

        assertThat(BatchSeal.decode(new byte[0])).isEmpty();
        assertThat(BatchSeal.decode(null)).isEmpty();
        byte[] version2 = seals.get(7).clone();
        version2[0] = 2;
        assertThat(BatchSeal.decode(version2)).isEmpty();
        byte[] badHash = seals.get(7).clone();
        badHash[1] = 9;
        assertThat(BatchSeal.decode(badHash)).isEmpty();
        // Index past the size, and a path that eats the signature.
        byte[] pastEnd = seals.get(7).clone();
        pastEnd[5] = 0x7f;
        assertThat(BatchSeal.decode(pastEnd)).isEmpty();
        byte[] noSignature = Arrays.copyOf(seals.get(7), 11 + s.path().size() * 32);
        assertThat(BatchSeal.decode(noSignature)).isEmpty();
    }

    private String unproven(Kind kind, byte[] body, byte[] seal) {
        Authorship.Check check = ExchangeSignatures.verifySealed(kind, body, seal, guangzhou.appChain(), GUANGZHOU, validator);
        assertThat(check).isInstanceOf(Authorship.Unproven.class);
        return ((Authorship.Unproven) check).reason();
    }
}
