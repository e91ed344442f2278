package dev.cascade.node.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Combines the items of concurrent callers into groups handled at once (one commit, one
 * signature), without a thread of its own: a caller that finds no group under way handles the
 * group itself, at once, so a lone item costs no hand-off between threads; callers arriving while a
 * group is handled wait, and the items they queued meanwhile become the next group, handled by
 * whichever of them takes the turn. Groups grow with the load and never wait to fill.
 *
 * @param <I> what a caller hands in
 * @param <O> what it gets back
 */
public final class Combiner<I, O> {

    /** One caller's item and its outcome; the group's handler completes or fails each. */
    public static final class Pending<I, O> {
        private final I item;
        private final CompletableFuture<O> done = new CompletableFuture<>();

        Pending(I item) {
            this.item = item;
        }

        public I item() {
            return item;
        }

        public void complete(O result) {
            done.complete(result);
        }

        public void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }

        CompletableFuture<O> outcome() {
            return done;
        }
    }

    private final int maxGroup;
    private final Duration wait;
    private final Consumer<List<Pending<I, O>>> handler;
    private final LinkedBlockingQueue<Pending<I, O>> waiting = new LinkedBlockingQueue<>();
    private final AtomicBoolean handling = new AtomicBoolean();
    private final Object turn = new Object();

    /**
     * @param handler handles a group and completes or fails every one of its items; an exception it
     *                throws fails the items it left open
     */
    public Combiner(int maxGroup, Duration wait, Consumer<List<Pending<I, O>>> handler) {
        this.maxGroup = maxGroup;
        this.wait = wait;
        this.handler = handler;
    }

    /** Hands in {@code item} and returns its outcome once its group was handled. */
    public O submit(I item) {
        Pending<I, O> mine = new Pending<>(item);
        waiting.add(mine);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!mine.done.isDone()) {
            if (handling.compareAndSet(false, true)) {
                try {
                    handleOneGroup();
                } finally {
                    handling.set(false);
                    synchronized (turn) {
                        turn.notifyAll();
                    }
                }
            } else {
                awaitTurn(mine);
            }
            if (System.nanoTime() > deadline && !mine.done.isDone()) {
                throw new IllegalStateException("not handled within " + wait.toSeconds() + " s");
            }
        }
        try {
            return mine.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void handleOneGroup() {
        List<Pending<I, O>> group = new ArrayList<>();
        waiting.drainTo(group, maxGroup);
        if (group.isEmpty()) {
            return;
        }
        try {
            handler.accept(group);
        } catch (RuntimeException e) {
            group.forEach(p -> p.fail(e));
        }
    }

    private void awaitTurn(Pending<I, O> mine) {
        synchronized (turn) {
            if (handling.get() && !mine.done.isDone()) {
                try {
                    // Woken when the group under way ends; the timeout only bounds a missed wake-up.
                    turn.wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for its group", e);
                }
            }
        }
    }
}
