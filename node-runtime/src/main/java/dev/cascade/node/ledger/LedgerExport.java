package dev.cascade.node.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.export.LedgerExportFile;
import dev.cascade.node.ledger.export.LedgerExportWriter;
import dev.cascade.protocol.trust.DerChain;
import dev.cascade.protocol.ledger.ExportHeader;
import dev.cascade.protocol.ledger.ExportedAnchor;
import dev.cascade.protocol.ledger.ExportedHead;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.region.RegionCode;

/**
 * Writes a range of the ledger as an export file (docs/protocols/ledger.md §5): the entries as
 * the table holds them now, each beside the leaf hash the node signed for its position, and the
 * signed heads with their receipts. A row altered, moved or deleted in the table is written as
 * found; that is what offline verification is for.
 */
@ApplicationScoped
public class LedgerExport {

    private static final int PAGE = 10_000;

    @Inject
    Ledger ledger;
    @Inject
    LocalNode node;

    /** Entries [from, to) and the heads that cover them; {@code to} must be a size the node signed. */
    public void write(long from, long to, OutputStream out) throws IOException {
        try (LedgerExportWriter writer = LedgerExportFile.writer(out)) {
            writer.header(new ExportHeader(node.region(), ledger.hash(), from, to, ledger.frontier(from),
                    node.credentials().appChain()));
            for (long page = from; page < to; page += PAGE) {
                for (LedgerEntry entry : ledger.entries(page, Math.min(to, page + PAGE))) {
                    writer.entry(entry, ledger.leafHash(entry.index()));
                }
            }
            List<SignedHead> heads = new ArrayList<>();
            ledger.headAtMost(from).filter(h -> h.size() <= from).ifPresent(heads::add);
            heads.addAll(ledger.headsBetween(from, to));
            for (SignedHead head : heads) {
                writer.head(new ExportedHead(head.head(), head.signature(), head.anchor().map(LedgerExport::exported)));
            }
        }
    }

    private static ExportedAnchor exported(SignedHead.Anchor a) {
        return new ExportedAnchor(RegionCode.parse(a.parent()), a.anchoredAt().toEpochMilli(), a.signature(),
                DerChain.decode(a.chain()));
    }
}
