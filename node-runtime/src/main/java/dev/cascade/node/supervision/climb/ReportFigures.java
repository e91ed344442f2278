package dev.cascade.node.supervision.climb;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.protocol.exchange.ExchangeState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures of one report period, read from this node's ledger and exchange table: what reached
 * which state (by role, level and sharing type), rows delivered, approvals waiting, refusals.
 */
@ApplicationScoped
public class ReportFigures {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A period with more entries than this is counted up to it; the report says so in its refusals. */
    static final int MAX_ENTRIES = 50_000;
    static final List<String> REFUSALS = List.of(EventType.EXCHANGE_FRAME_REFUSED.key(), EventType.LINK_REFUSED.key(),
            EventType.JOIN_REFUSED.key(), EventType.CATALOG_CHANGE_REFUSED.key(), EventType.SUPERVISION_REFUSED.key(),
            EventType.DIRECTIVE_REFUSED.key(), EventType.POLICY_LINEAGE_REFUSED.key());

    @Inject
    Pool pool;
    @Inject
    EventLog events;

    /** An exchange count key: role, state, level, sharing type. */
    public record Key(String role, String state, String level, String sharingType) {
    }

    /** What one period shows. */
    public record Period(Map<Key, Long> exchanges, long rowsDelivered, long bytesDelivered, Map<String, Long> refusals) {
    }

    public Period of(Instant from, Instant to) {
        List<EventLog.Occurrence> changes = events.occurrences(EventType.exchangeStateKeys(), from, to, MAX_ENTRIES)
                .await().atMost(WAIT);
        Set<String> ids = new LinkedHashSet<>();
        changes.forEach(c -> ids.add(c.subject()));
        Map<String, String[]> labels = new HashMap<>();
        Map<String, long[]> closedTotals = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Row row : pool.preparedQuery("select e.id, e.role, coalesce(c.level, 'unknown'), coalesce(c.sharing_type, 'unknown'),"
                            + " e.row_count, e.byte_count from exchange e left join catalog_entry c on c.origin = e.owner_region"
                            + " and c.resource_id = e.resource_id where e.id = any($1)")
                    .execute(Tuple.of(ids.toArray(new String[0]))).await().atMost(WAIT)) {
                labels.put(row.getString(0) + ' ' + row.getString(1), new String[] {row.getString(2), row.getString(3)});
                closedTotals.put(row.getString(0) + ' ' + row.getString(1), new long[] {
                    row.getLong(4) == null ? 0 : row.getLong(4), row.getLong(5) == null ? 0 : row.getLong(5)});
            }
        }
        Map<Key, Long> counts = new TreeMap<>((a, b) -> (a.role() + a.state() + a.level() + a.sharingType())
                .compareTo(b.role() + b.state() + b.level() + b.sharingType()));
        long rows = 0;
        long bytes = 0;
        for (EventLog.Occurrence c : changes) {
            ExchangeState state = EventType.exchangeStateOf(c.type()).orElseThrow();
            String[] label = labels.getOrDefault(c.subject() + ' ' + c.actor(), new String[] {"unknown", "unknown"});
            counts.merge(new Key(c.actor(), state.name(), label[0], label[1]), 1L, Long::sum);
            if (state == ExchangeState.CLOSED && "owner".equals(c.actor())) {
                long[] totals = closedTotals.getOrDefault(c.subject() + " owner", new long[2]);
                rows += totals[0];
                bytes += totals[1];
            }
        }
        Map<String, Long> refused = new TreeMap<>();
        events.occurrences(REFUSALS, from, to, MAX_ENTRIES).await().atMost(WAIT)
                .forEach(o -> refused.merge(o.type(), 1L, Long::sum));
        return new Period(counts, rows, bytes, refused);
    }

    /** Requests awaiting this node's approvers now, and how many of them are past their reply deadline. */
    public long[] approvals(Instant now) {
        Row row = pool.preparedQuery("select count(*), count(*) filter (where approval_deadline < $1) from exchange"
                        + " where role = 'owner' and state = 'PENDING_APPROVAL'")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))).await().atMost(WAIT).iterator().next();
        return new long[] {row.getLong(0), row.getLong(1)};
    }
}
