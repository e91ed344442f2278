package dev.cascade.node.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.cascade.protocol.ledger.TreeHead;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.cascade.protocol.supervision.Severity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * At a parent: the newest head each child anchored ({@code ledger_anchor}) and the last alert it
 * raised for that child. An anchoring and its ledger entry are one transaction.
 */
@ApplicationScoped
public class AnchorBook {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    RiskAlerts alerts;

    public Optional<TreeHead> last(String child) {
        return pool.preparedQuery("select head from ledger_anchor where child_region = $1").execute(Tuple.of(child))
                .map(rows -> rows.size() == 0 ? Optional.<TreeHead>empty()
                        : Optional.of(TreeHead.decode(rows.iterator().next().getBuffer("head").getBytes())))
                .await().atMost(WAIT);
    }

    /**
     * Records the child's head as anchored, unless another anchoring of the same child moved its
     * record meanwhile ({@code expected} is the size judged against); false then.
     */
    public boolean anchor(String child, Optional<TreeHead> expected, TreeHead head, byte[] signature, byte[] headDigest,
                          Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        String detail = "head of " + head.size() + " entries anchored, root " + HexFormat.of().formatHex(head.rootHash());
        return pool.withTransaction(tx -> (expected.isEmpty()
                        ? tx.preparedQuery("insert into ledger_anchor (child_region, tree_size, head, signature, anchored_at)"
                                + " values ($1, $2, $3, $4, $5) on conflict do nothing")
                                .execute(Tuple.of(child, head.size(), Buffer.buffer(head.encoded()), Buffer.buffer(signature), when))
                        : tx.preparedQuery("update ledger_anchor set tree_size = $2, head = $3, signature = $4, anchored_at = $5"
                                        + " where child_region = $1 and tree_size = $6")
                                .execute(Tuple.tuple(List.of(child, head.size(), Buffer.buffer(head.encoded()),
                                        Buffer.buffer(signature), when, expected.get().size()))))
                .chain(done -> done.rowCount() == 0 ? Uni.createFrom().item(false)
                        : events.append(tx, EventType.LEDGER_ANCHORED, "link:" + child, child, detail, headDigest).replaceWith(true)))
                .await().atMost(WAIT);
    }

    /**
     * Raises a risk alert about a child's history: on the child's record, in the node's alerts and
     * in its ledger, in one transaction.
     */
    public void alert(String child, String reason, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        String bounded = reason.length() <= 500 ? reason : reason.substring(0, 490) + " [cut]";
        pool.withTransaction(tx -> tx.preparedQuery("update ledger_anchor set alert = $2, alerted_at = $3 where child_region = $1")
                        .execute(Tuple.of(child, bounded, when))
                        .chain(() -> raise(tx, "ledger.child-history", child, reason, at)))
                .await().atMost(WAIT);
    }

    /** Raises a risk alert about this node's own ledger (altered while it was down). */
    public void alertOwn(String region, String reason, Instant at) {
        pool.withTransaction(tx -> raise(tx, "ledger.own-history", region, reason, at)).await().atMost(WAIT);
    }

    private Uni<Void> raise(SqlConnection tx, String kind, String subject, String reason, Instant at) {
        // A ledger that stopped matching what it anchored was rewritten: the most serious finding there is.
        return alerts.raise(tx, new RiskAlerts.Raise(EventType.LEDGER_ALERT, kind, Severity.CRITICAL, subject, reason,
                List.of()), at).replaceWithVoid();
    }

    public List<Map<String, Object>> all() {
        return pool.query("select child_region, head, anchored_at, alert, alerted_at from ledger_anchor order by child_region")
                .execute()
                .map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        TreeHead head = TreeHead.decode(r.getBuffer("head").getBytes());
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("child", r.getString("child_region"));
                        one.put("treeSize", head.size());
                        one.put("rootHash", HexFormat.of().formatHex(head.rootHash()));
                        one.put("anchoredAt", r.getOffsetDateTime("anchored_at").toInstant().toString());
                        if (r.getString("alert") != null) {
                            one.put("alert", r.getString("alert"));
                            one.put("alertedAt", r.getOffsetDateTime("alerted_at").toInstant().toString());
                        }
                        out.add(one);
                    }
                    return out;
                }).await().atMost(WAIT);
    }
}
