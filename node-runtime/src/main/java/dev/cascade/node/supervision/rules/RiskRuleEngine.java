package dev.cascade.node.supervision.rules;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventLog.Seen;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.Ledger;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.node.ledger.SignedHead;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.supervision.rules.RiskRules.Finding;
import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.pack.AlertThresholds;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.supervision.Severity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the built-in risk alert rules ({@link RiskRules}) at this node and raises what they find
 * through {@link RiskAlerts}, with the thresholds of the policy pack in force.
 *
 * <p>Ledger-driven rules (refused frames, catalog changes and handshakes; grants of important or
 * core data; bulk deliveries outside working hours; repeated denials) read the node's own ledger
 * every {@link #LEDGER_EVERY} from a persisted position ({@code risk_rule_cursor}), moved in the
 * transaction that raises their alerts: a restart neither misses an entry nor judges one twice.
 * Positions (leaf indexes) rather than ids, because ids are handed out before commit and a late
 * commit would slip behind an id cursor. Periodic rules (certificate expiry, anchoring lag, volume
 * spikes) run every {@link #PERIODIC_EVERY}.
 *
 * <p>An alert is not raised again for the same rule and subject while one of at least its
 * severity is unresolved and younger than {@link #QUIET}: a peer hammering the node with forged
 * frames gives one alert a day, not one per frame; an escalation (a certificate alert turning high
 * in its last week) still goes out.
 */
@ApplicationScoped
public class RiskRuleEngine {

    private static final Logger LOG = Logger.getLogger(RiskRuleEngine.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration LEDGER_EVERY = Duration.ofSeconds(5);
    static final Duration PERIODIC_EVERY = Duration.ofMinutes(1);
    static final Duration QUIET = Duration.ofHours(24);
    /** Entries older than this when first judged predate the rules (an upgraded node's history): not alerted. */
    static final Duration TOO_OLD = Duration.ofHours(24);
    private static final int BATCH = 500;
    private static final int MAX_EVIDENCE = 50;
    private static final String CURSOR = "ledger";
    private static final List<String> ENDS = List.of("owner", "consumer");
    // A refused catalog change is not among them: the catalog raises its own high alert
    // (catalog.forged-change) in the transaction that records the refusal.
    private static final Set<String> TYPES = Set.of(EventType.EXCHANGE_FRAME_REFUSED.key(),
            EventType.LINK_REFUSED.key(), EventType.JOIN_REFUSED.key(),
            EventType.EXCHANGE_GRANTED.key(), EventType.EXCHANGE_DELIVERED.key(), EventType.EXCHANGE_DENIED.key());

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    RiskAlerts alerts;
    @Inject
    LocalNode node;
    @Inject
    Ledger ledger;
    @Inject
    PolicyBook policies;

    private ScheduledExecutorService timer;
    /** The anchored size last seen with entries waiting beyond it, and when they were first seen. */
    private long waitingBeyond = -1;
    private Instant waitingSince;
    private HistoryKey historyKey;
    private Map<String, long[]> history = Map.of();

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-risk-rules");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> guarded("ledger", () -> ledgerPass(node.clock().instant())),
                LEDGER_EVERY.toMillis(), LEDGER_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded("periodic", () -> periodicPass(node.clock().instant())),
                PERIODIC_EVERY.toMillis() / 4, PERIODIC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static void guarded(String pass, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            LOG.warnf("risk rules (%s pass) failed, retried next time: %s", pass, e.getMessage());
        }
    }

    /** The thresholds in force: the effective pack's, the built-in ones before any pack arrived. */
    AlertThresholds thresholds() {
        return policies.current().effective().map(EffectivePack::alerts).orElse(AlertThresholds.BUILT_IN);
    }

    // ---- ledger-driven rules ----

    /** Judges the ledger entries sequenced since the last pass; returns how many alerts it raised. */
    synchronized int ledgerPass(Instant now) {
        AlertThresholds t = thresholds();
        int raised = 0;
        while (true) {
            long from = cursor();
            long size = events.sequencedSize().await().atMost(WAIT);
            if (size <= from) {
                return raised;
            }
            List<Seen> batch = events.sequenced(TYPES, from, size, BATCH).await().atMost(WAIT);
            long next = batch.size() < BATCH ? size : batch.get(batch.size() - 1).position() + 1;
            List<Seen> fresh = batch.stream().filter(e -> e.at().isAfter(now.minus(TOO_OLD))).toList();
            Map<String, ExchangeFacts> facts = facts(fresh);
            List<Finding> findings = new ArrayList<>();
            for (Seen e : fresh) {
                judge(e, t, facts).ifPresent(findings::add);
            }
            raised += raiseAll(findings, now, tx -> tx.preparedQuery("insert into risk_rule_cursor (name, position) values ($1, $2)"
                    + " on conflict (name) do update set position = excluded.position").execute(Tuple.of(CURSOR, next))
                    .replaceWithVoid());
            if (batch.size() < BATCH) {
                return raised;
            }
        }
    }

    private long cursor() {
        return pool.preparedQuery("select position from risk_rule_cursor where name = $1").execute(Tuple.of(CURSOR))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    private Optional<Finding> judge(Seen e, AlertThresholds t, Map<String, ExchangeFacts> known) {
        String type = e.type();
        if (type.equals(EventType.EXCHANGE_FRAME_REFUSED.key())) {
            return Optional.of(RiskRules.refusal(RiskRules.FRAME_REFUSED, t, peerOf(e.actor()),
                    "frame of exchange " + e.subject() + " refused: " + e.detail(), e.id()));
        }
        if (type.equals(EventType.LINK_REFUSED.key()) || type.equals(EventType.JOIN_REFUSED.key())) {
            String peer = e.subject().isBlank() ? "unknown" : e.subject();
            return Optional.of(RiskRules.refusal(RiskRules.PEER_REFUSED, t, peer,
                    (type.equals(EventType.JOIN_REFUSED.key()) ? "join" : "link") + " refused: " + e.detail(), e.id()));
        }
        if (!ENDS.contains(e.actor())) {
            return Optional.empty();
        }
        ExchangeFacts f = known.get(e.subject() + "/" + e.actor());
        if (f == null) {
            return Optional.empty();
        }
        if (type.equals(EventType.EXCHANGE_GRANTED.key())) {
            return f.level().flatMap(level -> RiskRules.importantAccess(t, e.subject(), f.resourceId(), level,
                    f.department(), e.id()));
        }
        if (type.equals(EventType.EXCHANGE_DELIVERED.key())) {
            return RiskRules.bulkOffHours(t, f.department(), e.subject(), f.rows(), e.at(), e.id());
        }
        List<String> denied = deniedOf(f, e.at().minus(t.denialWindow()), e.at());
        if (denied.size() < t.denialCount()) {
            return Optional.empty();
        }
        List<Long> evidence = events.aboutAny(denied, List.of(EventType.EXCHANGE_DENIED.key())).await().atMost(WAIT)
                .stream().map(Seen::id).limit(MAX_EVIDENCE).toList();
        return RiskRules.repeatedDenials(t, f.department(), denied.size(), evidence);
    }

    private static String peerOf(String actor) {
        return actor.startsWith("link:") ? actor.substring(5) : actor;
    }

    /** An exchange as the rules need it, with its resource's grade from the catalog (empty if unknown here). */
    record ExchangeFacts(String department, String resourceId, long rows, Optional<DataLevel> level,
                         String consumerRegion, String consumerDept) {
    }

    /** The exchanges the batch's exchange entries are about, in one read, keyed "id/role". */
    private Map<String, ExchangeFacts> facts(List<Seen> batch) {
        List<String> ids = batch.stream().filter(e -> ENDS.contains(e.actor())).map(Seen::subject).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return pool.preparedQuery("select e.id, e.role, e.consumer_region, e.consumer_dept, e.resource_id, e.row_count, c.level"
                        + " from exchange e left join catalog_entry c on c.origin = e.owner_region and c.resource_id = e.resource_id"
                        + " where e.id = any($1) and e.role in ('owner', 'consumer')")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ExchangeFacts> out = new HashMap<>();
                    for (Row r : rows) {
                        Long count = r.getLong("row_count");
                        String level = r.getString("level");
                        out.put(r.getString("id") + "/" + r.getString("role"), new ExchangeFacts(
                                department(r.getString("consumer_dept"), r.getString("consumer_region")),
                                r.getString("resource_id"), count == null ? 0 : count,
                                level == null ? Optional.<DataLevel>empty() : Optional.of(DataLevel.fromWire(level)),
                                r.getString("consumer_region"), r.getString("consumer_dept")));
                    }
                    return out;
                }).await().atMost(WAIT);
    }

    /** The exchanges of the department denied at this node (as its owner or consumer) in [from, to]. */
    private List<String> deniedOf(ExchangeFacts f, Instant from, Instant to) {
        return pool.preparedQuery("select distinct id from exchange where consumer_region = $1 and consumer_dept = $2"
                        + " and role in ('owner', 'consumer') and state = 'DENIED' and updated_at >= $3 and updated_at <= $4")
                .execute(Tuple.of(f.consumerRegion(), f.consumerDept(), utc(from), utc(to)))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                }).await().atMost(WAIT);
    }

    /** How a department is named in alerts: its id at its node's region. */
    static String department(String dept, String region) {
        return dept + "@" + region;
    }

    // ---- periodic rules ----

    /** Certificate expiry, anchoring lag and volume spikes; returns how many alerts it raised. */
    synchronized int periodicPass(Instant now) {
        AlertThresholds t = thresholds();
        String region = node.region().code();
        List<Finding> findings = new ArrayList<>();
        RiskRules.certificateExpiring(t, region, node.credentials().earliestExpiry(), now).ifPresent(findings::add);
        anchoringLag(t, region, now).ifPresent(findings::add);
        findings.addAll(volumeSpikes(t, now));
        return raiseAll(findings, now, tx -> Uni.createFrom().voidItem());
    }

    private Optional<Finding> anchoringLag(AlertThresholds t, String region, Instant now) {
        if (node.settings().parentRegion().isEmpty()) {
            return Optional.empty();
        }
        long size = ledger.latest().map(SignedHead::size).orElse(0L);
        Optional<SignedHead> anchored = ledger.latestAnchored();
        long anchoredSize = anchored.map(SignedHead::size).orElse(0L);
        if (size <= anchoredSize) {
            waitingBeyond = -1;
            return Optional.empty();
        }
        if (waitingBeyond != anchoredSize) {
            // Measured from when entries were first seen waiting beyond this receipt, not from the
            // receipt itself: after an idle hour a fresh entry is not an hour late. A restart measures anew.
            waitingBeyond = anchoredSize;
            waitingSince = now;
        }
        List<Long> evidence = events.newest(EventType.LEDGER_ANCHORED).await().atMost(WAIT).stream().map(Seen::id).toList();
        return RiskRules.anchoringLag(t, region, Optional.of(waitingSince), size - anchoredSize, now, evidence);
    }

    private record HistoryKey(LocalDate today, int days, String zone) {
    }

    private List<Finding> volumeSpikes(AlertThresholds t, Instant now) {
        LocalDate today = now.atZone(t.zone()).toLocalDate();
        HistoryKey key = new HistoryKey(today, t.spikeWindowDays(), t.zone().getId());
        if (!key.equals(historyKey)) {
            // Whole days before today in the thresholds' zone: read once a day, not every minute.
            Instant from = today.minusDays(t.spikeWindowDays()).atStartOfDay(t.zone()).toInstant();
            Map<String, long[]> totals = new HashMap<>();
            for (Delivered d : delivered(from, today.atStartOfDay(t.zone()).toInstant())) {
                int day = (int) (d.at().atZone(t.zone()).toLocalDate().toEpochDay() - (today.toEpochDay() - t.spikeWindowDays()));
                totals.computeIfAbsent(d.department(), k -> new long[t.spikeWindowDays()])[day] += d.rows();
            }
            history = totals;
            historyKey = key;
        }
        Map<String, List<Delivered>> recent = new LinkedHashMap<>();
        for (Delivered d : delivered(now.minus(Duration.ofHours(24)), now.plusMillis(1))) {
            recent.computeIfAbsent(d.department(), k -> new ArrayList<>()).add(d);
        }
        List<Finding> out = new ArrayList<>();
        recent.forEach((dept, list) -> {
            long rows = list.stream().mapToLong(Delivered::rows).sum();
            long[] days = history.getOrDefault(dept, new long[t.spikeWindowDays()]);
            List<Long> daily = new ArrayList<>();
            for (long d : days) {
                daily.add(d);
            }
            RiskRules.volumeSpike(t, dept, rows, daily, list.stream().map(Delivered::entryId).limit(MAX_EVIDENCE).toList())
                    .ifPresent(out::add);
        });
        return out;
    }

    /** One exchange delivered at this node (as owner or consumer; once if both) in the span. */
    private record Delivered(String exchangeId, String department, long rows, Instant at, long entryId) {
    }

    private List<Delivered> delivered(Instant from, Instant to) {
        Map<String, Seen> first = new LinkedHashMap<>();
        for (Seen e : events.between(List.of(EventType.EXCHANGE_DELIVERED.key()), ENDS, from, to).await().atMost(WAIT)) {
            first.putIfAbsent(e.subject(), e);
        }
        if (first.isEmpty()) {
            return List.of();
        }
        return pool.preparedQuery("select distinct on (id) id, consumer_region, consumer_dept, coalesce(row_count, 0) as rows"
                        + " from exchange where id = any($1) and role in ('owner', 'consumer') order by id, role")
                .execute(Tuple.of(first.keySet().toArray(String[]::new)))
                .map(rows -> {
                    List<Delivered> out = new ArrayList<>();
                    for (Row r : rows) {
                        Seen e = first.get(r.getString("id"));
                        out.add(new Delivered(e.subject(), department(r.getString("consumer_dept"), r.getString("consumer_region")),
                                r.getLong("rows"), e.at(), e.id()));
                    }
                    return out;
                }).await().atMost(WAIT);
    }

    // ---- raising ----

    private interface TxStep {
        Uni<Void> run(SqlConnection tx);
    }

    /** Raises each finding unless an alert of its rule and subject is still open, then {@code last}, in one transaction. */
    private int raiseAll(List<Finding> findings, Instant now, TxStep last) {
        int[] raised = {0};
        pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Finding f : findings) {
                chain = chain.chain(() -> raiseUnlessOpen(tx, f, now).invoke(r -> raised[0] += r ? 1 : 0)).replaceWithVoid();
            }
            return chain.chain(() -> last.run(tx));
        }).await().atMost(WAIT);
        return raised[0];
    }

    private Uni<Boolean> raiseUnlessOpen(SqlConnection tx, Finding f, Instant now) {
        return tx.preparedQuery("select severity from alert where origin = $1 and kind = $2 and subject = $3"
                        + " and state <> 'resolved' and raised_at > $4")
                .execute(Tuple.of(node.region().code(), f.rule(), f.subject(), utc(now.minus(QUIET))))
                .chain(rows -> {
                    for (Row r : rows) {
                        if (Severity.parse(r.getString(0)).orElse(Severity.LOW).compareTo(f.severity()) >= 0) {
                            return Uni.createFrom().item(false);
                        }
                    }
                    return alerts.raise(tx, new RiskAlerts.Raise(EventType.RISK_ALERT, f.rule(), f.severity(), f.subject(),
                            f.detail(), f.evidence()), now).replaceWith(true);
                });
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
