package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.trust.KeySuite;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/protocols/ledger.md §6 on a city node's ledger of 20 entries with heads at sizes 4, 8, 12
 * (anchored by the province) and 16 (not yet anchored): entries 16 to 19 are not yet covered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerAuditTest {

    private static final int ENTRIES = 20;

    private SignedLedger.Hierarchy gm;
    private SignedLedger.Hierarchy intl;
    private SignedLedger.Hierarchy foreign;
    private SignedLedger ledger;

    @BeforeAll
    void hierarchies() {
        gm = SignedLedger.Hierarchy.create(KeySuite.GM);
        intl = SignedLedger.Hierarchy.create(KeySuite.INTL);
        foreign = SignedLedger.Hierarchy.create(KeySuite.GM);
        ledger = new SignedLedger(gm, LedgerHash.SM3, ENTRIES);
    }

    private static List<ExportedHead> heads(SignedLedger ledger) {
        return List.of(ledger.anchoredHead(4), ledger.anchoredHead(8), ledger.anchoredHead(12), ledger.head(16));
    }

    private SignedLedger.Export fullExport() {
        return ledger.export(0, ENTRIES, heads(ledger));
    }

    private static AuditReport.FirstBadIndex firstBad(AuditReport report) {
        assertThat(report.verdict()).isInstanceOf(AuditReport.FirstBadIndex.class);
        return (AuditReport.FirstBadIndex) report.verdict();
    }

    private static SignedLedger.Line withDetail(SignedLedger.Line line, String detail) {
        LedgerEntry e = line.entry();
        return new SignedLedger.Line(new LedgerEntry(e.index(), e.occurredAtMillis(), e.type(), e.actor(), e.subject(), detail,
                e.digest()), line.storedLeafHash());
    }

    private static SignedLedger.Line reindexed(SignedLedger.Line line, long index) {
        LedgerEntry e = line.entry();
        return new SignedLedger.Line(new LedgerEntry(index, e.occurredAtMillis(), e.type(), e.actor(), e.subject(), e.detail(),
                e.digest()), line.storedLeafHash());
    }

    @ParameterizedTest
    @EnumSource(LedgerHash.class)
    void an_untouched_export_verifies_and_counts_what_it_checked(LedgerHash hash) {
        for (SignedLedger.Hierarchy node : List.of(gm, intl)) {
            SignedLedger signed = new SignedLedger(node, hash, ENTRIES);
            AuditReport report = signed.export(0, ENTRIES, heads(signed)).auditWith(signed.nodeCertificate());
            assertThat(report.verdict()).as(node.city().suite() + " " + hash).isInstanceOf(AuditReport.Verified.class);
            assertThat(report.entriesChecked()).isEqualTo(20);
            assertThat(report.headsVerified()).isEqualTo(4);
            assertThat(report.anchoredHeadsVerified()).isEqualTo(3);
            assertThat(report.uncoveredEntries()).isEqualTo(4);
        }
    }

    @Test
    void entries_after_the_newest_head_are_uncovered_not_bad() {
        AuditReport noHeads = ledger.export(0, ENTRIES, List.of()).auditWith(ledger.nodeCertificate());
        assertThat(noHeads.verified()).isTrue();
        assertThat(noHeads.uncoveredEntries()).isEqualTo(20);
        AuditReport allCovered = ledger.export(0, 16, List.of(ledger.head(8), ledger.head(16))).auditWith(ledger.nodeCertificate());
        assertThat(allCovered.verified()).isTrue();
        assertThat(allCovered.uncoveredEntries()).isZero();
    }

    @Test
    void an_edited_detail_is_a_leaf_mismatch_at_that_index() {
        SignedLedger.Export export = fullExport();
        export.lines().set(10, withDetail(export.lines().get(10), "granted nothing"));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(10);
        assertThat(bad.failure()).isEqualTo(AuditFailure.LEAF_MISMATCH);
        assertThat(bad.detail()).contains("entry 10");
    }

    @Test
    void an_edit_with_its_stored_leaf_rewritten_too_is_bad_from_the_last_head_that_still_verifies() {
        SignedLedger.Export export = fullExport();
        SignedLedger.Line edited = withDetail(export.lines().get(10), "granted nothing");
        export.lines().set(10, new SignedLedger.Line(edited.entry(), edited.entry().leafHash(LedgerHash.SM3)));
        AuditReport report = export.auditWith(ledger.nodeCertificate());
        AuditReport.FirstBadIndex bad = firstBad(report);
        assertThat(bad.index()).isEqualTo(8);
        assertThat(bad.failure()).isEqualTo(AuditFailure.HEAD_MISMATCH);
        assertThat(bad.detail()).contains("head of size 12");
        assertThat(report.entriesChecked()).isEqualTo(20);
        assertThat(report.headsVerified()).isEqualTo(2);
    }

    @Test
    void a_deleted_entry_is_missing_at_its_index() {
        SignedLedger.Export export = fullExport();
        export.lines().remove(7);
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(7);
        assertThat(bad.failure()).isEqualTo(AuditFailure.MISSING_ENTRY);
    }

    @Test
    void an_export_that_stops_short_misses_the_entry_after_its_last_line() {
        SignedLedger.Export export = fullExport();
        export.lines().subList(18, 20).clear();
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(18);
        assertThat(bad.failure()).isEqualTo(AuditFailure.MISSING_ENTRY);
    }

    @Test
    void a_repeated_entry_is_misplaced_where_the_next_one_belongs() {
        SignedLedger.Export export = fullExport();
        export.lines().add(6, export.lines().get(5));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(6);
        assertThat(bad.failure()).isEqualTo(AuditFailure.MISPLACED_ENTRY);
    }

    @Test
    void two_entries_swapped_and_reindexed_are_bad_at_the_lower_index() {
        SignedLedger.Export export = fullExport();
        SignedLedger.Line fifth = export.lines().get(5);
        SignedLedger.Line ninth = export.lines().get(9);
        export.lines().set(5, reindexed(ninth, 5));
        export.lines().set(9, reindexed(fifth, 9));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(5);
        assertThat(bad.failure()).isEqualTo(AuditFailure.LEAF_MISMATCH);
    }

    @Test
    void two_entries_swapped_with_their_index_are_bad_at_the_lower_index() {
        SignedLedger.Export export = fullExport();
        SignedLedger.Line fifth = export.lines().get(5);
        export.lines().set(5, export.lines().get(9));
        export.lines().set(9, fifth);
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(5);
        assertThat(bad.failure()).isEqualTo(AuditFailure.MISSING_ENTRY);
        assertThat(bad.detail()).contains("entry 9");
    }

    @Test
    void a_head_signed_by_another_key_is_a_bad_signature_after_the_last_good_head() {
        SignedLedger.Export export = fullExport();
        TreeHead twelve = export.heads().get(2).head();
        export.heads().set(2, new ExportedHead(twelve, TreeHeadSignatures.sign(gm.sibling(), twelve), Optional.empty()));
        AuditReport report = export.auditWith(ledger.nodeCertificate());
        AuditReport.FirstBadIndex bad = firstBad(report);
        assertThat(bad.index()).isEqualTo(8);
        assertThat(bad.failure()).isEqualTo(AuditFailure.BAD_HEAD_SIGNATURE);
        assertThat(report.headsVerified()).isEqualTo(3);
    }

    @Test
    void a_receipt_for_another_head_is_bad() {
        SignedLedger.Export export = fullExport();
        ExportedHead twelve = export.heads().get(2);
        ExportedAnchor forEight = export.heads().get(1).anchor().orElseThrow();
        export.heads().set(2, new ExportedHead(twelve.head(), twelve.signature(), Optional.of(forEight)));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(8);
        assertThat(bad.failure()).isEqualTo(AuditFailure.BAD_RECEIPT);
    }

    @Test
    void a_receipt_by_a_key_outside_the_nodes_hierarchy_is_bad_with_or_without_its_own_chain() {
        ExportedHead four = ledger.anchoredHead(4);
        ExportedAnchor forged = SignedLedger.anchor(four.head(), foreign.province());
        ExportedAnchor withRealChain = new ExportedAnchor(forged.parent(), forged.anchoredAtMillis(), forged.signature(),
                SignedLedger.appChain(gm.province()));
        for (ExportedAnchor anchor : List.of(forged, withRealChain)) {
            SignedLedger.Export export = fullExport();
            export.heads().set(0, new ExportedHead(four.head(), four.signature(), Optional.of(anchor)));
            AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
            assertThat(bad.index()).isZero();
            assertThat(bad.failure()).isEqualTo(AuditFailure.BAD_RECEIPT);
        }
    }

    @Test
    void a_receipt_that_names_another_parent_is_bad() {
        ExportedHead eight = ledger.head(8);
        ExportedAnchor bySibling = new ExportedAnchor(SignedLedger.SHENZHEN, eight.head().timestampMillis(),
                new byte[] {1}, SignedLedger.appChain(gm.sibling()));
        SignedLedger.Export export = fullExport();
        export.heads().set(1, new ExportedHead(eight.head(), eight.signature(), Optional.of(bySibling)));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(4);
        assertThat(bad.failure()).isEqualTo(AuditFailure.BAD_RECEIPT);
        assertThat(bad.detail()).contains("parent of 440100 is 440000");
    }

    @Test
    void a_receipt_dated_before_the_parents_certificate_was_issued_is_bad() {
        TreeHead four = ledger.treeHead(4);
        long before = gm.issuedAt().toEpochMilli() - 86_400_000L;
        byte[] signature = AnchorReceipts.sign(gm.province(), new AnchorReceipt(SignedLedger.GUANGZHOU, SignedLedger.GUANGDONG,
                before, four));
        ExportedAnchor backdated = new ExportedAnchor(SignedLedger.GUANGDONG, before, signature, SignedLedger.appChain(gm.province()));
        SignedLedger.Export export = fullExport();
        export.heads().set(0, new ExportedHead(four, TreeHeadSignatures.sign(gm.city(), four), Optional.of(backdated)));
        AuditReport.FirstBadIndex bad = firstBad(export.auditWith(ledger.nodeCertificate()));
        assertThat(bad.failure()).isEqualTo(AuditFailure.BAD_RECEIPT);
        assertThat(bad.detail()).contains("not valid before");
    }

    @Test
    void a_range_export_verifies_from_its_frontier() {
        SignedLedger sha = new SignedLedger(intl, LedgerHash.SHA256, ENTRIES);
        SignedLedger.Export export = sha.export(6, ENTRIES, List.of(sha.anchoredHead(4), sha.head(8), sha.anchoredHead(16)));
        assertThat(export.header().frontier().subtrees()).hasSize(2);
        AuditReport report = export.auditWith(sha.nodeCertificate());
        assertThat(report.verdict()).isInstanceOf(AuditReport.Verified.class);
        assertThat(report.entriesChecked()).isEqualTo(14);
        assertThat(report.headsVerified()).isEqualTo(3);
        assertThat(report.anchoredHeadsVerified()).isEqualTo(2);
        assertThat(report.uncoveredEntries()).isEqualTo(4);
    }

    @Test
    void a_range_export_with_a_forged_frontier_contradicts_its_first_head() {
        SignedLedger.Export export = ledger.export(6, ENTRIES, heads(ledger));
        Frontier real = export.header().frontier();
        byte[] forged = real.subtrees().get(1).hash();
        forged[0] ^= 1;
        Frontier frontier = new Frontier(real.hash(), real.size(), List.of(real.subtrees().get(0),
                new Frontier.Subtree(1, 2, forged)));
        ExportHeader header = new ExportHeader(export.header().region(), export.header().hash(), 6, ENTRIES, frontier,
                export.header().chain());
        AuditReport report = new SignedLedger.Export(header, export.lines(), export.heads()).auditWith(ledger.nodeCertificate());
        AuditReport.FirstBadIndex bad = firstBad(report);
        assertThat(bad.index()).isEqualTo(6);
        assertThat(bad.failure()).isEqualTo(AuditFailure.HEAD_MISMATCH);
        assertThat(report.headsVerified()).isEqualTo(1);
    }

    @Test
    void an_export_of_another_nodes_chain_is_refused_from_its_first_index() {
        SignedLedger.Export export = fullExport();
        AuditReport report = export.auditWith(gm.sibling().appCertificate());
        AuditReport.FirstBadIndex bad = firstBad(report);
        assertThat(bad.index()).isZero();
        assertThat(bad.failure()).isEqualTo(AuditFailure.NOT_THE_NODE_CERTIFICATE);
        assertThat(report.headsVerified()).isZero();
    }

    @Test
    void heads_out_of_order_or_past_the_export_contradict_it() {
        SignedLedger.Export reversed = ledger.export(0, ENTRIES, List.of(ledger.head(8), ledger.head(4)));
        assertThat(firstBad(reversed.auditWith(ledger.nodeCertificate())).failure()).isEqualTo(AuditFailure.HEAD_MISMATCH);
        SignedLedger.Export past = ledger.export(0, 12, List.of(ledger.head(8), ledger.head(16)));
        AuditReport.FirstBadIndex bad = firstBad(past.auditWith(ledger.nodeCertificate()));
        assertThat(bad.index()).isEqualTo(8);
        assertThat(bad.detail()).contains("beyond the export's end 12");
    }
}
