package dev.cascade.node.storage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs the small write transactions of many concurrent callers as one transaction: every unit of
 * work waiting when the committer gets to them is issued on one connection (their statements
 * pipelined), and one COMMIT makes them all durable. Each caller still sees only its own result,
 * after the commit. If the shared transaction fails, nothing of it was written, and each unit is
 * run again in a transaction of its own, so one caller's bad write never fails another's.
 *
 * <p>Units must not depend on each other's effects within the group and must leave the
 * transaction usable (a failed statement aborts all of it, which the retry above then isolates).
 */
public final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Pool pool;
    private final int maxGroup;
    private final String name;
    private final LinkedBlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>();
    private volatile Thread committer;

    private record Unit<T>(Function<SqlConnection, Uni<T>> work, CompletableFuture<T> done) {
        @SuppressWarnings("unchecked")
        void complete(Object result) {
            done.complete((T) result);
        }
    }

    public GroupCommit(Pool pool, int maxGroup, String name) {
        this.pool = pool;
        this.maxGroup = maxGroup;
        this.name = name;
    }

    /** Runs {@code work} in the next group's transaction and returns its result once committed. */
    public <T> T run(Function<SqlConnection, Uni<T>> work) {
        Unit<T> unit = new Unit<>(work, new CompletableFuture<>());
        startOnce();
        waiting.add(unit);
        try {
            return unit.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no commit within " + WAIT.toSeconds() + " s", e);
        }
    }

    public void stop() {
        Thread t = committer;
        if (t != null) {
            t.interrupt();
        }
    }

    private void startOnce() {
        if (committer != null) {
            return;
        }
        synchronized (this) {
            if (committer == null) {
                Thread t = new Thread(this::loop, "cascade-group-commit-" + name);
                t.setDaemon(true);
                t.start();
                committer = t;
            }
        }
    }

    private void loop() {
        List<Unit<?>> group = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(group, maxGroup - 1);
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Unit<?>> group) {
        if (group.size() > 1) {
            try {
                List<Object> results = pool.withTransaction(tx -> {
                    List<Uni<Object>> all = new ArrayList<>(group.size());
                    for (Unit<?> u : group) {
                        all.add(u.work().apply(tx).<Object>map(r -> r).onItem().ifNull().continueWith(Missing.VALUE));
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
        for (Unit<?> u : group) {
            try {
                u.complete(pool.withTransaction(tx -> u.work().apply(tx)).await().atMost(WAIT));
            } catch (RuntimeException e) {
                u.done().completeExceptionally(e);
            }
        }
    }

    // Uni.join collects into an immutable list: a unit that yields null stands in as this marker.
    private enum Missing {
        VALUE
    }
}
