package dev.cascade.node.supervision.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.testing.NationalNodeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rule engine against the national test node's real database: ledger entries written as the
 * node writes them raise alerts with those entries as evidence, once per rule and subject; the
 * volume spike rule fires on a scripted delivery history and not on a steady one. Every test uses
 * subjects of its own (the engine's timer runs alongside and may raise an alert first).
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class RiskRuleEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RiskRuleEngine engine;
    @Inject
    EventLog events;
    @Inject
    Pool pool;

    record Alert(String uid, String severity, String subject, String detail, String evidence, String state) {
    }

    /** The entries the rule cited: every piece of evidence but the last, which is the alert's own ledger entry. */
    List<Long> ruleEvidence(Alert a) {
        List<Long> all = java.util.Arrays.stream(a.evidence().split(",")).map(Long::parseLong).toList();
        long own = all.get(all.size() - 1);
        long entries = pool.preparedQuery("select count(*) from node_event where id = $1 and type = 'risk.alert' and subject = $2"
                        + " and detail like $3")
                .execute(Tuple.of(own, a.subject(), "alert " + a.uid() + ":%")).map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
        assertThat(entries).as("the alert's own entry").isEqualTo(1);
        return all.subList(0, all.size() - 1);
    }

    @Test
    void aRefusedFrameRaisesOneHighAlertAboutItsPeerWithTheEntryAsEvidence() throws Exception {
        String peer = uniqueRegion();
        String exchange = UUID.randomUUID().toString();
        events.appendDetached(EventType.EXCHANGE_FRAME_REFUSED, "link:" + peer, exchange, "signature does not verify")
                .get(20, TimeUnit.SECONDS);
        long entry = idOf(EventType.EXCHANGE_FRAME_REFUSED, exchange);

        List<Alert> raised = judgedUntil("frame.refused", peer, 1);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("high");
            assertThat(a.state()).isEqualTo("open");
            assertThat(ruleEvidence(a)).containsExactly(entry);
            assertThat(a.detail()).contains(exchange, "signature does not verify");
        });

        // A second forged frame from the same peer while the first alert is open: no second alert.
        String again = UUID.randomUUID().toString();
        events.appendDetached(EventType.EXCHANGE_FRAME_REFUSED, "link:" + peer, again, "replayed").get(20, TimeUnit.SECONDS);
        long second = idOf(EventType.EXCHANGE_FRAME_REFUSED, again);
        awaitJudged(second);
        assertThat(alerts("frame.refused", peer)).hasSize(1);
        // The alert also has its own ledger entry.
        assertThat(events.list(EventType.RISK_ALERT.key(), 0, 10_000).await().atMost(WAIT))
                .anyMatch(e -> e.subject.equals(peer) && e.detail.startsWith("alert " + raised.get(0).uid() + ": high frame.refused"));
    }

    @Test
    void anEntryIsJudgedOnceEvenAfterItsAlertWasResolved() throws Exception {
        String peer = uniqueRegion();
        events.appendDetached(EventType.LINK_REFUSED, "100000", peer, "certificate revoked").get(20, TimeUnit.SECONDS);
        assertThat(judgedUntil("peer.refused", peer, 1)).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("link refused: certificate revoked"));
        pool.preparedQuery("update alert set state = 'resolved' where kind = 'peer.refused' and subject = $1")
                .execute(Tuple.of(peer)).await().atMost(WAIT);
        long position = cursor();
        engine.ledgerPass(Instant.now());
        assertThat(cursor()).isGreaterThanOrEqualTo(position);
        assertThat(alerts("peer.refused", peer)).as("the judged entry is behind the stored position").hasSize(1);
        // A new refusal after the resolution is a new alert.
        events.appendDetached(EventType.LINK_REFUSED, "100000", peer, "certificate revoked").get(20, TimeUnit.SECONDS);
        assertThat(judgedUntil("peer.refused", peer, 2)).hasSize(2);
    }

    private long cursor() {
        return pool.query("select position from risk_rule_cursor where name = 'ledger'").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    @Test
    void aGrantOfCoreDataRaisesAHighAlertAboutTheExchange() throws Exception {
        String resource = "core-" + UUID.randomUUID().toString().substring(0, 8);
        catalogEntry(resource, "core", "prov-" + resource);
        String exchange = UUID.randomUUID().toString();
        exchangeRow(exchange, "owner", "GRANTED", "440100", "gz-police", resource, 0, Instant.now());
        appendAt(EventType.EXCHANGE_GRANTED, "owner", exchange, "granted by rule", Instant.now());
        long entry = idOf(EventType.EXCHANGE_GRANTED, exchange);

        assertThat(judgedUntil("data.important-access", exchange, 1)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("high");
            assertThat(ruleEvidence(a)).containsExactly(entry);
            assertThat(a.detail()).contains(resource, "graded core", "gz-police@440100");
        });
    }

    @Test
    void aGrantOfGeneralDataRaisesNothing() throws Exception {
        String resource = "l3-" + UUID.randomUUID().toString().substring(0, 8);
        catalogEntry(resource, "L3", "prov-" + resource);
        String exchange = UUID.randomUUID().toString();
        exchangeRow(exchange, "owner", "GRANTED", "440100", "gz-police", resource, 0, Instant.now());
        appendAt(EventType.EXCHANGE_GRANTED, "owner", exchange, "granted by rule", Instant.now());
        awaitJudged(idOf(EventType.EXCHANGE_GRANTED, exchange));
        assertThat(alerts("data.important-access", exchange)).isEmpty();
    }

    @Test
    void theFifthDenialOfADepartmentWithinTheWindowRaisesAMediumAlertNamingAllFive() throws Exception {
        String dept = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        String resource = "r-" + dept;
        catalogEntry(resource, "L2", "prov-" + dept);
        List<Long> denials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String exchange = UUID.randomUUID().toString();
            exchangeRow(exchange, "owner", "DENIED", "440300", dept, resource, 0, Instant.now());
            appendAt(EventType.EXCHANGE_DENIED, "owner", exchange, "national-baseline/not-shareable", Instant.now());
            denials.add(idOf(EventType.EXCHANGE_DENIED, exchange));
            if (i == 3) {
                awaitJudged(denials.get(3));
                assertThat(alerts("denials.repeated", dept + "@440300")).as("four denials").isEmpty();
            }
        }
        assertThat(judgedUntil("denials.repeated", dept + "@440300", 1)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("medium");
            assertThat(ruleEvidence(a)).containsExactlyInAnyOrderElementsOf(denials);
        });
    }

    @Test
    void theVolumeSpikeRuleFiresOnAScriptedHistoryAndNotOnASteadyOne() {
        // A Wednesday long after the node's other tests, so its history is this test's alone.
        Instant now = Instant.parse("2031-03-05T06:00:00Z");
        String quiet = "spiky-" + UUID.randomUUID().toString().substring(0, 8);
        String busy = "steady-" + UUID.randomUUID().toString().substring(0, 8);
        for (int day = 1; day <= 7; day++) {
            Instant at = now.minus(Duration.ofDays(day)).minus(Duration.ofHours(3));
            delivery(quiet, 150, at);
            delivery(busy, 1000, at);
        }
        List<Long> evidence = new ArrayList<>();
        evidence.add(delivery(quiet, 1600, now.minus(Duration.ofHours(5))));
        evidence.add(delivery(quiet, 1600, now.minus(Duration.ofHours(1))));
        delivery(busy, 9000, now.minus(Duration.ofHours(2)));

        engine.periodicPass(now);

        assertThat(alerts("volume.spike", quiet + "@440100")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("high");
            assertThat(a.detail()).contains("3200 rows", "median 150.0");
            assertThat(ruleEvidence(a)).containsExactlyInAnyOrderElementsOf(evidence);
        });
        assertThat(alerts("volume.spike", busy + "@440100")).as("9000 rows against a median of 1000").isEmpty();
        // The next minute's pass finds the same spike and leaves the open alert alone.
        engine.periodicPass(now.plus(Duration.ofMinutes(1)));
        assertThat(alerts("volume.spike", quiet + "@440100")).hasSize(1);
    }

    // ---- helpers ----

    private long delivery(String dept, long rows, Instant at) {
        String exchange = UUID.randomUUID().toString();
        exchangeRow(exchange, "consumer", "DELIVERED", "440100", dept, "r-" + dept, rows, at);
        appendAt(EventType.EXCHANGE_DELIVERED, "consumer", exchange, "delivered", at);
        return idOf(EventType.EXCHANGE_DELIVERED, exchange);
    }

    /** Runs ledger passes until the alert count is reached (the timer's passes count too). */
    private List<Alert> judgedUntil(String rule, String subject, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            engine.ledgerPass(Instant.now());
            List<Alert> found = alerts(rule, subject);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(200);
        }
        return alerts(rule, subject);
    }

    /** Waits until the engine's position is past entry {@code id}: it has been judged. */
    private void awaitJudged(long id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            engine.ledgerPass(Instant.now());
            Long judged = pool.preparedQuery("select (select position from risk_rule_cursor where name = 'ledger')"
                            + " > (select leaf_index from node_event where id = $1)").execute(Tuple.of(id))
                    .map(rows -> rows.iterator().next().getBoolean(0)).map(b -> Boolean.TRUE.equals(b) ? 1L : 0L)
                    .await().atMost(WAIT);
            if (judged == 1L) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("entry " + id + " was not judged within " + WAIT);
    }

    private List<Alert> alerts(String rule, String subject) {
        return pool.preparedQuery("select uid, severity, subject, detail, evidence, state from alert where kind = $1 and subject = $2")
                .execute(Tuple.of(rule, subject))
                .map(rows -> {
                    List<Alert> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Alert(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5)));
                    }
                    return out;
                }).await().atMost(WAIT);
    }

    private long idOf(EventType type, String subject) {
        return events.list(type.key(), 0, 100_000).await().atMost(WAIT).stream()
                .filter(e -> e.subject.equals(subject)).mapToLong(e -> e.id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.key() + " entry about " + subject));
    }

    private void appendAt(EventType type, String actor, String subject, String detail, Instant at) {
        pool.withTransaction(tx -> events.append(tx, type, actor, subject, detail, null, at)).await().atMost(WAIT);
    }

    private void catalogEntry(String resource, String level, String dept) {
        pool.preparedQuery("insert into catalog_entry (origin, resource_id, version, seq, title, abstract, provider_dept, category,"
                        + " level, sharing_type, scope, updated_at, descriptor) values ('100000', $1, 1, 1, $1, '', $2, 'population',"
                        + " $3, 'conditional', 'national', now(), '{}')")
                .execute(Tuple.of(resource, dept, level)).await().atMost(WAIT);
    }

    static void exchangeRow(Pool pool, String id, String role, String state, String consumerRegion, String consumerDept,
                            String resource, long rows, Instant createdAt, Instant deadline, String reason, String rules) {
        OffsetDateTime at = OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC);
        pool.preparedQuery("insert into exchange (id, role, state, consumer_region, consumer_dept, owner_region, resource_id, purpose,"
                        + " request_body, request_signature, request_chain_digest, request_digest, row_count, created_at, updated_at,"
                        + " approval_deadline, reason, rules)"
                        + " values ($1, $2, $3, $4, $5, '100000', $6, 'test', '\\x00', '\\x00', '\\x00', '\\x00', $7, $8, $8, $9, $10, $11)")
                .execute(Tuple.tuple(List.of(id, role, state, consumerRegion, consumerDept, resource, rows, at))
                        .addOffsetDateTime(deadline == null ? null : OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC))
                        .addString(reason).addString(rules))
                .await().atMost(Duration.ofSeconds(20));
    }

    private void exchangeRow(String id, String role, String state, String consumerRegion, String consumerDept, String resource,
                             long rows, Instant at) {
        exchangeRow(pool, id, role, state, consumerRegion, consumerDept, resource, rows, at, null, null, null);
    }

    private static String uniqueRegion() {
        return "44" + String.format("%04d", ThreadLocalRandom.current().nextInt(100, 9999));
    }
}
