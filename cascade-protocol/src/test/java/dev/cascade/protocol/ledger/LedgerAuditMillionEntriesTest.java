package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.trust.KeySuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An export of a million entries is audited as it streams: each entry is made, checked and
 * dropped, so the audit holds leaf hashes only. No timing is asserted (the machine is shared).
 */
class LedgerAuditMillionEntriesTest {

    private static final int ENTRIES = 1_000_000;
    private static final int HEAD_EVERY = 100_000;

    @Test
    void a_million_streamed_entries_verify_against_their_signed_heads() {
        SignedLedger.Hierarchy node = SignedLedger.Hierarchy.create(KeySuite.GM);
        List<ExportedHead> heads = signedHeads(node);

        long t0 = System.nanoTime();
        ExportHeader header = new ExportHeader(SignedLedger.GUANGZHOU, LedgerHash.SM3, 0, ENTRIES,
                Frontier.empty(LedgerHash.SM3), SignedLedger.appChain(node.city()));
        LedgerAudit audit = LedgerAudit.of(header, node.city().appCertificate());
        for (long i = 0; i < ENTRIES; i++) {
            LedgerEntry entry = SignedLedger.entry(i);
            audit.entry(entry, entry.leafHash(LedgerHash.SM3));
        }
        heads.forEach(audit::head);
        AuditReport report = audit.report();
        long t1 = System.nanoTime();

        assertThat(report.verdict()).isInstanceOf(AuditReport.Verified.class);
        assertThat(report.entriesChecked()).isEqualTo(ENTRIES);
        assertThat(report.headsVerified()).isEqualTo(ENTRIES / HEAD_EVERY);
        assertThat(report.uncoveredEntries()).isZero();
        System.out.printf("ledger audit, SM3, %,d entries, %d heads: %.0f ms%n", ENTRIES, heads.size(), (t1 - t0) / 1e6);
    }

    /** The node's side: the heads it signed every HEAD_EVERY entries, computed once and kept. */
    private static List<ExportedHead> signedHeads(SignedLedger.Hierarchy node) {
        MemoryLeafHashes log = new MemoryLeafHashes(LedgerHash.SM3);
        MerkleTree tree = new MerkleTree(log);
        List<ExportedHead> heads = new ArrayList<>();
        long at = node.issuedAt().toEpochMilli();
        for (long i = 0; i < ENTRIES; i++) {
            log.appendLeafHash(SignedLedger.entry(i).leafHash(LedgerHash.SM3));
            if ((i + 1) % HEAD_EVERY == 0) {
                TreeHead head = new TreeHead(i + 1, tree.root(), at + i, LedgerHash.SM3);
                heads.add(new ExportedHead(head, TreeHeadSignatures.sign(node.city(), head), Optional.empty()));
            }
        }
        return heads;
    }
}
