package dev.cascade.node.exchange.store;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.protocol.exchange.ExchangeState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where each subscription stands (tables {@code subscription}, {@code subscription_increment}):
 * at the owner its mark and the increments announced and ended, at both ends which exchange is
 * which increment. Each change is written with its ledger entry in one transaction; the
 * increments themselves are ordinary exchanges in {@link ExchangeStore}.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    EventLog events;

    /** A subscription as one end holds it; {@code state} is its exchange's (the standing grant's) state here. */
    public record Subscription(String id, ExchangeRole role, Optional<String> mark, long announced, long settled,
                               Instant cancelledAt, ExchangeState state) {
    }

    /** One increment: its number, its exchange, and at the owner the marks it reads from and reaches. */
    public record Increment(String subscriptionId, long number, String exchangeId, Optional<String> markFrom,
                            Optional<String> markTo, ExchangeState state, Long rows, Instant createdAt) {
    }

    private static final String SUBSCRIPTION = "select s.id, s.role, s.mark, s.announced, s.settled, s.cancelled_at, e.state"
            + " from subscription s join exchange e on e.id = s.id and e.role = s.role";
    private static final String INCREMENT = "select i.subscription_id, i.increment, i.exchange_id, i.mark_from, i.mark_to,"
            + " e.state, e.row_count, i.created_at from subscription_increment i"
            + " join exchange e on e.id = i.exchange_id and e.role = i.role";

    /** Records that a subscription began here, from {@code mark} (owner) ; false when it is already recorded. */
    public boolean start(String id, ExchangeRole role, Optional<String> mark, Instant at, String detail) {
        return await(pool.withTransaction(tx -> tx.preparedQuery("insert into subscription (id, role, mark, created_at)"
                        + " values ($1, $2, $3, $4) on conflict do nothing")
                .execute(Tuple.of(id, role.column(), mark.orElse(null), utc(at)))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : events.append(tx, EventType.SUBSCRIPTION_STARTED, role.column(), id, detail).replaceWith(true))));
    }

    public Optional<Subscription> find(String id, ExchangeRole role) {
        return subscriptions(await(pool.preparedQuery(SUBSCRIPTION + " where s.id = $1 and s.role = $2")
                .execute(Tuple.of(id, role.column())))).stream().findFirst();
    }

    /** The owner's subscriptions whose grant is in force (GRANTED): those the watch looks at. */
    public List<Subscription> ownedInForce() {
        return subscriptions(await(pool.preparedQuery(SUBSCRIPTION + " where s.role = 'owner' and e.state = 'GRANTED'")
                .execute()));
    }

    /**
     * Records exchange {@code exchangeId} as increment {@code number} of a subscription; false when
     * that increment (or that exchange) is already recorded, so an increment is granted once.
     */
    public boolean recordIncrement(String subscriptionId, ExchangeRole role, long number, String exchangeId,
                                   Optional<String> markFrom, Instant at) {
        return await(pool.withTransaction(tx -> tx.preparedQuery("insert into subscription_increment (subscription_id, role,"
                        + " increment, exchange_id, mark_from, created_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing")
                .execute(Tuple.tuple(Arrays.asList(subscriptionId, role.column(), number, exchangeId, markFrom.orElse(null),
                        utc(at))))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : events.append(tx, EventType.SUBSCRIPTION_INCREMENT, role.column(), subscriptionId,
                        "increment " + number + " is exchange " + exchangeId).replaceWith(true))));
    }

    public Optional<Increment> increment(String subscriptionId, ExchangeRole role, long number) {
        return increments(await(pool.preparedQuery(INCREMENT + " where i.subscription_id = $1 and i.role = $2 and i.increment = $3")
                .execute(Tuple.of(subscriptionId, role.column(), number)))).stream().findFirst();
    }

    /** The increment an exchange is, if it is one. */
    public Optional<Increment> incrementOf(String exchangeId, ExchangeRole role) {
        return increments(await(pool.preparedQuery(INCREMENT + " where i.exchange_id = $1 and i.role = $2")
                .execute(Tuple.of(exchangeId, role.column())))).stream().findFirst();
    }

    /** Every increment of a subscription here, in order. */
    public List<Increment> increments(String subscriptionId, ExchangeRole role) {
        return increments(await(pool.preparedQuery(INCREMENT + " where i.subscription_id = $1 and i.role = $2 order by i.increment")
                .execute(Tuple.of(subscriptionId, role.column()))));
    }

    /** Owner: the mark an increment's sealed rows reach. */
    public void sealed(String exchangeId, Optional<String> markTo) {
        await(pool.preparedQuery("update subscription_increment set mark_to = $1 where exchange_id = $2 and role = 'owner'")
                .execute(Tuple.tuple(Arrays.asList(markTo.orElse(null), exchangeId))));
    }

    /** Owner: increment {@code number} is announced; false when the series is not where the caller saw it. */
    public boolean announce(String id, long number) {
        return await(pool.preparedQuery("update subscription set announced = $2 where id = $1 and role = 'owner'"
                + " and announced = $2 - 1 and settled = $2 - 1").execute(Tuple.of(id, number))).rowCount() == 1;
    }

    /**
     * Owner: increment {@code number} ended; when it closed, the subscription moves to the mark its
     * rows reached ({@code newMark}), otherwise the mark stays and the next increment reads them again.
     */
    public void settle(String id, long number, boolean closed, Optional<String> newMark, String detail, Instant at) {
        String sql = closed ? "update subscription set settled = $2, mark = $3 where id = $1 and role = 'owner' and settled < $2"
                : "update subscription set settled = $2 where id = $1 and role = 'owner' and settled < $2";
        Tuple args = closed ? Tuple.tuple(Arrays.asList(id, number, newMark.orElse(null))) : Tuple.of(id, number);
        await(pool.withTransaction(tx -> tx.preparedQuery(sql).execute(args)
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : events.append(tx, EventType.SUBSCRIPTION_ADVANCED, "owner", id, detail, null, at))));
    }

    /** Consumer: the owner announced increments up to {@code number}. */
    public void seen(String id, long number) {
        await(pool.preparedQuery("update subscription set announced = greatest(announced, $2) where id = $1 and role = 'consumer'")
                .execute(Tuple.of(id, number)));
    }

    /** Consumer: its department unsubscribed; false when it had already. */
    public boolean cancel(String id, String dept, Instant at) {
        return await(pool.withTransaction(tx -> tx.preparedQuery("update subscription set cancelled_at = $2 where id = $1"
                        + " and role = 'consumer' and cancelled_at is null").execute(Tuple.of(id, utc(at)))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : events.append(tx, EventType.SUBSCRIPTION_CANCELLED, dept, id, "unsubscribed by " + dept)
                        .replaceWith(true))));
    }

    private static List<Subscription> subscriptions(RowSet<Row> rows) {
        List<Subscription> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Subscription(r.getString("id"), ExchangeRole.ofColumn(r.getString("role")),
                    Optional.ofNullable(r.getString("mark")), r.getLong("announced"), r.getLong("settled"),
                    instant(r, "cancelled_at"), ExchangeState.valueOf(r.getString("state"))));
        }
        return out;
    }

    private static List<Increment> increments(RowSet<Row> rows) {
        List<Increment> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Increment(r.getString("subscription_id"), r.getLong("increment"), r.getString("exchange_id"),
                    Optional.ofNullable(r.getString("mark_from")), Optional.ofNullable(r.getString("mark_to")),
                    ExchangeState.valueOf(r.getString("state")), r.getLong("row_count"), instant(r, "created_at")));
        }
        return out;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(WAIT);
    }
}
