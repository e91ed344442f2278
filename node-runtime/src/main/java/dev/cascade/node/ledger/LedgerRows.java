package dev.cascade.node.ledger;

import dev.cascade.protocol.ledger.LedgerEntry;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;

/** Reads a {@code node_event} row as the ledger entry it is; the one place that maps columns to leaf fields. */
final class LedgerRows {

    static final String COLUMNS = "occurred_at, type, actor, subject, detail, digest";

    private LedgerRows() {
    }

    /** The row as the entry at {@code index}; its time is cut to the millisecond the leaf encoding holds. */
    static LedgerEntry entry(long index, Row r) {
        Buffer digest = r.getBuffer("digest");
        return new LedgerEntry(index, r.getOffsetDateTime("occurred_at").toInstant().toEpochMilli(), r.getString("type"),
                r.getString("actor"), r.getString("subject"), r.getString("detail"), digest == null ? null : digest.getBytes());
    }
}
