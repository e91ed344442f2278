package dev.cascade.node.supervision.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.Ledger;
import dev.cascade.node.ledger.SignedHead;
import dev.cascade.node.testing.CityNodeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A city node whose parent never answers (CityNodeResource): its ledger grows and nothing is
 * anchored, so once entries have waited longer than the limit (1 h) it raises a high
 * {@code ledger.anchoring-lag} alert about itself, and not before.
 */
@QuarkusTest
@QuarkusTestResource(value = CityNodeResource.class, restrictToAnnotatedClass = true)
class AnchoringLagTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RiskRuleEngine engine;
    @Inject
    EventLog events;
    @Inject
    Ledger ledger;
    @Inject
    Pool pool;

    @Test
    void entriesUnanchoredForLongerThanTheLimitRaiseAHighAlert() throws Exception {
        events.appendDetached(EventType.LINK_DOWN, "440100", "440000", "parent unreachable").get(20, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ledger.latest().map(SignedHead::size).orElse(0L) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ledger.latestAnchored()).as("the parent never anchored").isEmpty();
        Instant now = Instant.now();

        engine.periodicPass(now);
        assertThat(alerts()).as("entries seen waiting for seconds").isEmpty();
        engine.periodicPass(now.plus(Duration.ofMinutes(30)));
        assertThat(alerts()).as("half the limit").isEmpty();

        engine.periodicPass(now.plus(Duration.ofMinutes(61)));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a[0]).isEqualTo("high");
            assertThat(a[1]).contains("not anchored at the parent for 6", "limit PT1H");
        });
    }

    private List<String[]> alerts() {
        return pool.preparedQuery("select severity, detail from alert where kind = 'ledger.anchoring-lag' and subject = $1")
                .execute(Tuple.of("440100"))
                .map(rows -> {
                    List<String[]> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new String[] {r.getString(0), r.getString(1)});
                    }
                    return out;
                }).await().atMost(WAIT);
    }
}
