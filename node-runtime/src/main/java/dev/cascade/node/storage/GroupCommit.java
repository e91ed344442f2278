package dev.cascade.node.storage;

import dev.cascade.node.batching.Combiner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs the small write transactions of many concurrent callers as one transaction: the units of
 * work that gathered while the previous commit ran are issued on one connection (their statements
 * pipelined), and one COMMIT makes them all durable (see {@link Combiner}: a lone unit is committed
 * at once, by its caller). Each caller still sees only its own result, after the commit. If the
 * shared transaction fails, nothing of it was written, and each unit is run again in a transaction
 * of its own, so one caller's bad write never fails another's.
 *
 * <p>Units must not depend on each other's effects within the group.
 */
public final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Combiner<Function<SqlConnection, Uni<Object>>, Object> combiner;

    public GroupCommit(Pool pool, int maxGroup) {
        this.pool = pool;
        this.combiner = new Combiner<>(maxGroup, WAIT, this::commit);
    }

    /** Runs {@code work} in a transaction shared with the writes gathered with it; its result once committed. */
    @SuppressWarnings("unchecked")
    public <T> T run(Function<SqlConnection, Uni<T>> work) {
        return (T) combiner.submit(tx -> work.apply(tx).map(r -> (Object) r));
    }

    private void commit(List<Combiner.Pending<Function<SqlConnection, Uni<Object>>, Object>> group) {
        if (group.size() > 1) {
            try {
                List<Object> results = pool.withTransaction(tx -> {
                    List<Uni<Object>> all = new ArrayList<>(group.size());
                    for (var unit : group) {
                        all.add(unit.item().apply(tx).onItem().ifNull().continueWith(Missing.VALUE));
                    }
                    return Uni.join().all(all).andFailFast();
                }).await().atMost(WAIT);
                for (int i = 0; i < group.size(); i++) {
                    Object r = results.get(i);
                    group.get(i).complete(r == Missing.VALUE ? null : r);
                }
                return;
            } catch (RuntimeException e) {
                LOG.debugf(e, "a group of %d writes failed together; each is run alone", group.size());
            }
        }
        for (var unit : group) {
            try {
                unit.complete(pool.withTransaction(tx -> unit.item().apply(tx)).await().atMost(WAIT));
            } catch (RuntimeException e) {
                unit.fail(e);
            }
        }
    }

    // Uni.join collects into a list that holds no null: a unit that yields null stands in as this marker.
    private enum Missing {
        VALUE
    }
}
