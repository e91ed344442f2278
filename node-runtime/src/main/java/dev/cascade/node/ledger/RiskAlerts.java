package dev.cascade.node.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Risk alerts: a row of the {@code alert} table (what the operator lists) and a ledger entry of
 * {@code type} in the same transaction, so an alert can be neither lost nor quietly removed.
 */
@ApplicationScoped
public class RiskAlerts {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    EventLog events;

    /** Raises an alert inside the caller's transaction. */
    public Uni<Void> raise(SqlConnection tx, EventType type, String kind, String subject, String detail, Instant at) {
        return tx.preparedQuery("insert into alert (raised_at, kind, subject, detail) values ($1, $2, $3, $4)")
                .execute(Tuple.of(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), kind, subject, EntryText.bounded(detail)))
                .chain(() -> events.append(tx, type, "node", subject, detail));
    }

    /** Raises an alert in a transaction of its own. */
    public void raise(EventType type, String kind, String subject, String detail, Instant at) {
        pool.withTransaction(tx -> raise(tx, type, kind, subject, detail, at)).await().atMost(WAIT);
    }
}
