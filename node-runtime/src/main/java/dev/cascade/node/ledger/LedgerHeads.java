package dev.cascade.node.ledger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.cascade.protocol.ledger.TreeHead;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The heads this node signed ({@code ledger_head}) and the parent's receipts for them. */
final class LedgerHeads {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COLUMNS = "head, signature, anchored_at, anchor_parent, anchor_signature, anchor_chain";

    private LedgerHeads() {
    }

    static Optional<SignedHead> newest(Pool pool) {
        return one(pool, "select " + COLUMNS + " from ledger_head order by tree_size desc limit 1", Tuple.tuple());
    }

    /** The newest head the parent anchored. */
    static Optional<SignedHead> newestAnchored(Pool pool) {
        return one(pool, "select " + COLUMNS + " from ledger_head where anchored_at is not null order by tree_size desc limit 1",
                Tuple.tuple());
    }

    /** The newest head of at most {@code size} entries. */
    static Optional<SignedHead> atMost(Pool pool, long size) {
        return one(pool, "select " + COLUMNS + " from ledger_head where tree_size <= $1 order by tree_size desc limit 1",
                Tuple.of(size));
    }

    /** Heads of sizes in (from, to], ascending. */
    static List<SignedHead> between(Pool pool, long from, long to) {
        return pool.preparedQuery("select " + COLUMNS + " from ledger_head where tree_size > $1 and tree_size <= $2"
                        + " order by tree_size")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<SignedHead> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(read(r)));
                    return out;
                }).await().atMost(WAIT);
    }

    static void anchored(Pool pool, long size, SignedHead.Anchor anchor) {
        pool.preparedQuery("update ledger_head set anchored_at = $2, anchor_parent = $3, anchor_signature = $4,"
                        + " anchor_chain = $5 where tree_size = $1")
                .execute(Tuple.of(size, OffsetDateTime.ofInstant(anchor.anchoredAt(), ZoneOffset.UTC), anchor.parent(),
                        Buffer.buffer(anchor.signature()), Buffer.buffer(anchor.chain())))
                .await().atMost(WAIT);
    }

    private static Optional<SignedHead> one(Pool pool, String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> rows.size() == 0 ? Optional.<SignedHead>empty() : Optional.of(read(rows.iterator().next())))
                .await().atMost(WAIT);
    }

    private static SignedHead read(Row r) {
        TreeHead head = TreeHead.decode(r.getBuffer("head").getBytes());
        Optional<SignedHead.Anchor> anchor = r.getOffsetDateTime("anchored_at") == null ? Optional.empty()
                : Optional.of(new SignedHead.Anchor(r.getString("anchor_parent"), r.getOffsetDateTime("anchored_at").toInstant(),
                        r.getBuffer("anchor_signature").getBytes(), r.getBuffer("anchor_chain").getBytes()));
        return new SignedHead(head, r.getBuffer("signature").getBytes(), anchor);
    }
}
