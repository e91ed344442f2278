package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.catalog.ChangeCheck;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.PendingJoin;
import dev.cascade.protocol.trust.RevocationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TreeHeadSignaturesTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode SHENZHEN = RegionCode.parse("440300");

    private Clock clock;
    private NodeCredentials guangdong;
    private NodeCredentials guangzhouGm;
    private NodeCredentials shenzhenIntl;
    private PeerCertificateValidator validator;
    private TreeHead head;

    @BeforeAll
    void hierarchy() {
        clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        guangdong = join(national, GUANGDONG, KeySuite.GM);
        guangzhouGm = join(guangdong, GUANGZHOU, KeySuite.GM);
        shenzhenIntl = join(guangdong, SHENZHEN, KeySuite.INTL);
        validator = new PeerCertificateValidator(national.root(), new RevocationRegistry(national.root(), clock), clock);
        MemoryLeafHashes log = new MemoryLeafHashes(LedgerHash.SM3);
        for (int i = 0; i < 11; i++) {
            log.append(("audit event " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        head = new TreeHead(11, new MerkleTree(log).root(), 1_767_225_600_000L, LedgerHash.SM3);
    }

    private NodeCredentials join(NodeCredentials parent, RegionCode child, KeySuite suite) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority ca = new CertificateAuthority(parent, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
        return CertificateAuthority.completeJoin(pending, ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region())),
                suite, clock);
    }


    private NodeCredentials node(KeySuite suite) {
        return suite == KeySuite.GM ? guangzhouGm : shenzhenIntl;
    }

    private static RegionCode region(KeySuite suite) {
        return suite == KeySuite.GM ? GUANGZHOU : SHENZHEN;
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_head_signed_by_a_node_is_attributed_to_it(KeySuite suite) {
        assertThat(node(suite).suite()).isEqualTo(suite);
        byte[] signature = TreeHeadSignatures.sign(node(suite), head);
        assertThat(TreeHeadSignatures.verify(head, signature, node(suite).appChain(), region(suite), validator))
                .isInstanceOfSatisfying(Authorship.Authentic.class, a -> assertThat(a.author()).isEqualTo(region(suite)));
        assertThat(TreeHeadSignatures.verifyWith(node(suite).appCertificate(), head, signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeySuite.class)
    void a_head_altered_in_any_field_is_refused(KeySuite suite) {
        byte[] signature = TreeHeadSignatures.sign(node(suite), head);
        byte[] otherRoot = head.rootHash();
        otherRoot[0] ^= 1;
        List<TreeHead> altered = List.of(
                new TreeHead(head.size() + 1, head.rootHash(), head.timestampMillis(), head.hash()),
                new TreeHead(head.size(), otherRoot, head.timestampMillis(), head.hash()),
                new TreeHead(head.size(), head.rootHash(), head.timestampMillis() + 1, head.hash()),
                new TreeHead(head.size(), head.rootHash(), head.timestampMillis(), LedgerHash.SHA256));
        for (TreeHead other : altered) {
            assertThat(TreeHeadSignatures.verify(other, signature, node(suite).appChain(), region(suite), validator))
                    .as(other.toString())
                    .isInstanceOfSatisfying(Authorship.Unproven.class, u -> assertThat(u.reason()).contains("does not verify"));
        }
    }

    @Test
    void a_head_signed_by_another_node_is_not_attributed_to_the_claimed_one() {
        byte[] signature = TreeHeadSignatures.sign(guangdong, head);
        assertThat(TreeHeadSignatures.verify(head, signature, guangdong.appChain(), GUANGZHOU, validator))
                .isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void a_signature_of_another_kind_never_passes_for_a_tree_head_nor_the_reverse() {
        byte[] body = head.encoded();
        byte[] change = ChangeSignature.sign(guangzhouGm, body);
        byte[] receipt = ExchangeSignatures.sign(guangzhouGm, ExchangeSignatures.Kind.RECEIPT, body);
        for (byte[] foreign : List.of(change, receipt)) {
            assertThat(TreeHeadSignatures.verify(head, foreign, guangzhouGm.appChain(), GUANGZHOU, validator))
                    .isInstanceOf(Authorship.Unproven.class);
        }
        byte[] treeHead = TreeHeadSignatures.sign(guangzhouGm, head);
        assertThat(ChangeSignature.verify(body, treeHead, guangzhouGm.appChain(), GUANGZHOU, validator))
                .isInstanceOf(ChangeCheck.Forged.class);
        assertThat(ExchangeSignatures.verify(ExchangeSignatures.Kind.RECEIPT, body, treeHead, guangzhouGm.appChain(),
                GUANGZHOU, validator)).isInstanceOf(Authorship.Unproven.class);
    }

    @Test
    void the_encoding_is_fixed_width_big_endian_and_round_trips() {
        byte[] root = new byte[32];
        for (int i = 0; i < 32; i++) {
            root[i] = (byte) i;
        }
        TreeHead small = new TreeHead(0x0102, root, 0x0A0B0C, LedgerHash.SHA256);
        assertThat(HexFormat.of().formatHex(small.encoded())).isEqualTo("01" + "02" + "0000000000000102"
                + "00000000000a0b0c" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        assertThat(TreeHead.decode(small.encoded())).isEqualTo(small);
        assertThat(TreeHead.decode(head.encoded())).isEqualTo(head);
        assertThat(head.encoded()[1]).isEqualTo((byte) 1);
    }

    @Test
    void a_head_refuses_a_root_of_the_wrong_length_and_bytes_that_are_not_one_head() {
        assertThatThrownBy(() -> new TreeHead(1, new byte[20], 0, LedgerHash.SM3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TreeHead(-1, new byte[32], 0, LedgerHash.SM3)).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = java.util.Arrays.copyOf(head.encoded(), 51);
        assertThatThrownBy(() -> TreeHead.decode(longer)).isInstanceOf(IllegalArgumentException.class);
        byte[] unknownHash = head.encoded();
        unknownHash[1] = 9;
        assertThatThrownBy(() -> TreeHead.decode(unknownHash)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_head_does_not_share_its_root_array() {
        byte[] root = head.rootHash();
        root[0] ^= 1;
        assertThat(head.rootHash()).isNotEqualTo(root);
    }
}
