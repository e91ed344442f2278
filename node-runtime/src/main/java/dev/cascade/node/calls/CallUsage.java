package dev.cascade.node.calls;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The record of every call at its two ends (a usage row and a ledger entry each) and the relays'
 * counts, written in groups by one writer thread, never on a call's path: a call only queues its
 * record. A group is what queued while the previous one committed, so one commit (one fsync)
 * serves many calls under load, and a lone call is written at once. What a crash can lose is the
 * group being written (docs/decisions/0024-standing-grants-and-service-calls.md).
 */
@ApplicationScoped
public class CallUsage {

    private static final Logger LOG = Logger.getLogger(CallUsage.class);
    private static final int MAX_GROUP = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One call as one end recorded it. */
    public record Call(String callId, String role, String grantId, String consumerDept, String outcome, String detail,
                       int latencyMs, Instant at) {
    }

    private record RelayKey(String grantId, Instant period) {
    }

    private static final class RelayCount {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;

    private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>(1_000_000);
    private final ConcurrentHashMap<RelayKey, RelayCount> relayed = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    void start(@Observes @Priority(60) StartupEvent start) {
        running = true;
        writer = new Thread(this::writeLoop, "cascade-call-usage");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues a call's record; false (and a log line) only when a million records wait, which means the database is gone. */
    public boolean record(Call call) {
        if (!queue.offer(call)) {
            LOG.errorf("call usage queue full: call %s of grant %s not recorded", call.callId(), call.grantId());
            return false;
        }
        return true;
    }

    /** A relay counts a call or an answer of a grant passing through, with its sealed size. */
    public void relayed(String grantId, boolean answer, int bytes) {
        Instant period = periodOf(node.clock().instant());
        RelayCount c = relayed.computeIfAbsent(new RelayKey(grantId, period), k -> new RelayCount());
        (answer ? c.answers : c.calls).incrementAndGet();
        c.bytes.addAndGet(bytes);
    }

    /** The calls of a grant recorded here in {@code role} since {@code since}, excluding refusals that used no quota. Blocks. */
    public long countedSince(String grantId, String role, Instant since) {
        return pool.preparedQuery("select count(*) from service_call where grant_id = $1 and role = $2 and at >= $3"
                        + " and outcome not in ('OVER_QUOTA', 'OVER_RATE', 'GRANT_INACTIVE', 'BAD_PARAMETERS', 'STOPPED')")
                .execute(Tuple.of(grantId, role, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(r -> r.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    /** A grant's most recent calls as recorded here (newest first), for its department and operators. Blocks. */
    public List<Call> recent(String grantId, String role, int limit) {
        return pool.preparedQuery("select call_id, role, grant_id, consumer_dept, outcome, detail, latency_ms, at from service_call"
                        + " where grant_id = $1 and role = $2 order by at desc limit $3")
                .execute(Tuple.of(grantId, role, limit)).map(rows -> {
                    List<Call> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Call(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), r.getInteger(6), r.getOffsetDateTime(7).toInstant())));
                    return out;
                }).await().atMost(WAIT);
    }

    /** Per outcome, a grant's calls recorded here in {@code role}. Blocks. */
    public Map<String, Long> outcomes(String grantId, String role) {
        return pool.preparedQuery("select outcome, count(*) from service_call where grant_id = $1 and role = $2 group by outcome")
                .execute(Tuple.of(grantId, role)).map(rows -> {
                    Map<String, Long> out = new TreeMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
                    return out;
                }).await().atMost(WAIT);
    }

    /** Records written since start (tests and the bench wait on it). */
    public long written() {
        return written.get();
    }

    /** Records waiting to be written. */
    public int backlog() {
        return queue.size();
    }

    private void writeLoop() {
        Duration relayPeriod = config.calls().relayPeriod();
        Instant nextRelayFlush = periodOf(node.clock().instant()).plus(relayPeriod);
        while (running || !queue.isEmpty()) {
            List<Call> group = new ArrayList<>();
            try {
                Call first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                }
            } catch (InterruptedException e) {
                queue.drainTo(group, MAX_GROUP);
                running = false;
            }
            if (!group.isEmpty()) {
                writeCalls(group);
            }
            if (!running || !node.clock().instant().isBefore(nextRelayFlush)) {
                flushRelayed(!running);
                nextRelayFlush = periodOf(node.clock().instant()).plus(relayPeriod);
            }
        }
    }

    private void writeCalls(List<Call> group) {
        List<Tuple> rows = new ArrayList<>(group.size());
        List<EventLog.Typed> entries = new ArrayList<>(group.size());
        for (Call c : group) {
            rows.add(Tuple.tuple(List.of(c.callId(), c.role(), c.grantId(), c.consumerDept(), c.outcome(),
                    c.detail() == null ? "" : c.detail(), c.latencyMs(), OffsetDateTime.ofInstant(c.at(), ZoneOffset.UTC))));
            EventType type = "owner".equals(c.role()) ? EventType.CALL_SERVED : EventType.CALL_MADE;
            entries.add(new EventLog.Typed(type, new EventLog.Entry(c.consumerDept(), c.grantId(),
                    "call " + c.callId() + ": " + c.outcome() + (c.detail() == null || c.detail().isEmpty() ? "" : " (" + c.detail() + ")")
                            + ", " + c.latencyMs() + " ms", null)));
        }
        try {
            pool.withTransaction(tx -> tx.preparedQuery("insert into service_call (call_id, role, grant_id, consumer_dept, outcome,"
                            + " detail, latency_ms, at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing")
                    .executeBatch(rows).chain(() -> events.appendEach(tx, entries))).await().atMost(WAIT);
            written.addAndGet(group.size());
        } catch (RuntimeException e) {
            // Kept for the next round: a database restart must not lose the calls' records.
            LOG.warnf("writing %d call records failed, will retry: %s", group.size(), e.getMessage());
            sleepQuietly();
            group.forEach(queue::offer);
        }
    }

    private void flushRelayed(boolean all) {
        Instant current = periodOf(node.clock().instant());
        List<Tuple> rows = new ArrayList<>();
        List<EventLog.Entry> entries = new ArrayList<>();
        for (Map.Entry<RelayKey, RelayCount> e : relayed.entrySet()) {
            if (!all && !e.getKey().period().isBefore(current)) {
                continue; // the period is still counting
            }
            relayed.remove(e.getKey());
            RelayCount c = e.getValue();
            rows.add(Tuple.of(e.getKey().grantId(), OffsetDateTime.ofInstant(e.getKey().period(), ZoneOffset.UTC),
                    c.calls.get(), c.answers.get(), c.bytes.get()));
            entries.add(new EventLog.Entry("relay", e.getKey().grantId(), c.calls.get() + " calls and " + c.answers.get()
                    + " answers (" + c.bytes.get() + " sealed bytes) in the period from " + e.getKey().period(), null));
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            pool.withTransaction(tx -> tx.preparedQuery("insert into service_call_relayed (grant_id, period_start, calls, answers,"
                            + " bytes) values ($1, $2, $3, $4, $5) on conflict (grant_id, period_start) do update set"
                            + " calls = service_call_relayed.calls + excluded.calls, answers = service_call_relayed.answers"
                            + " + excluded.answers, bytes = service_call_relayed.bytes + excluded.bytes")
                    .executeBatch(rows).chain(() -> events.appendAll(tx, EventType.CALL_RELAYED, entries))).await().atMost(WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("writing relay call counts failed: %s", e.getMessage());
        }
    }

    /** The start of the relay period {@code at} falls in (a minute unless configured otherwise). */
    private Instant periodOf(Instant at) {
        long ms = config.calls().relayPeriod().toMillis();
        return Instant.ofEpochMilli(at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), ms));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
