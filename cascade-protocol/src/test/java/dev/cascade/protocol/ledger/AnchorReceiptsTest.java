package dev.cascade.protocol.ledger;

import static dev.cascade.protocol.ledger.SignedLedger.GUANGDONG;
import static dev.cascade.protocol.ledger.SignedLedger.GUANGZHOU;
import static dev.cascade.protocol.ledger.SignedLedger.SHENZHEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.trust.KeySuite;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnchorReceiptsTest {

    private SignedLedger ledger;
    private AnchorReceipt receipt;

    @BeforeAll
    void ledger() {
        ledger = new SignedLedger(SignedLedger.Hierarchy.create(KeySuite.GM), LedgerHash.SM3, 11);
        receipt = new AnchorReceipt(GUANGZHOU, GUANGDONG, 0x0102030405L, ledger.treeHead(11));
    }

    @Test
    void the_receipt_encoding_is_both_regions_in_ascii_the_time_big_endian_then_the_head() {
        byte[] encoded = receipt.encoded();
        assertThat(encoded).hasSize(6 + 6 + 8 + 50);
        assertThat(new String(encoded, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("440100440000");
        assertThat(HexFormat.of().formatHex(encoded, 12, 20)).isEqualTo("0000000102030405");
        assertThat(Arrays.copyOfRange(encoded, 20, 70)).isEqualTo(receipt.head().encoded());
    }

    @Test
    void a_receipt_signed_by_the_parent_verifies_and_any_other_receipt_does_not() {
        byte[] signature = AnchorReceipts.sign(ledger.hierarchy.province(), receipt);
        assertThat(AnchorReceipts.verifyWith(ledger.hierarchy.province().appCertificate(), receipt, signature)).isTrue();
        for (AnchorReceipt other : new AnchorReceipt[] {
                new AnchorReceipt(SHENZHEN, GUANGDONG, receipt.anchoredAtMillis(), receipt.head()),
                new AnchorReceipt(GUANGZHOU, GUANGDONG, receipt.anchoredAtMillis() + 1, receipt.head()),
                new AnchorReceipt(GUANGZHOU, GUANGDONG, receipt.anchoredAtMillis(), ledger.treeHead(10))}) {
            assertThat(AnchorReceipts.verifyWith(ledger.hierarchy.province().appCertificate(), other, signature))
                    .as(other.toString()).isFalse();
        }
        assertThat(AnchorReceipts.verifyWith(ledger.hierarchy.sibling().appCertificate(), receipt, signature)).isFalse();
    }

    @Test
    void a_tree_head_signature_never_passes_for_a_receipt() {
        byte[] headSignature = TreeHeadSignatures.sign(ledger.hierarchy.province(), receipt.head());
        assertThat(AnchorReceipts.verifyWith(ledger.hierarchy.province().appCertificate(), receipt, headSignature)).isFalse();
    }

    @Test
    void only_the_parent_the_receipt_names_signs_it() {
        assertThatThrownBy(() -> AnchorReceipts.sign(ledger.hierarchy.sibling(), receipt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("440300");
    }
}
