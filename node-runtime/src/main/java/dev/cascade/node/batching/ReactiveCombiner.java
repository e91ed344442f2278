package dev.cascade.node.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * {@link Combiner} for callers that must not block (requests on an event loop): an item handed in
 * while no group is under way starts a group at once; items arriving while a group is handled wait
 * and become the next group, started when that one ends. Groups grow with the load and never wait
 * to fill; at most one group is handled at a time, so groups are handled in the order they formed.
 *
 * @param <I> what a caller hands in
 * @param <O> what it gets back
 */
public final class ReactiveCombiner<I, O> {

    private final int maxGroup;
    private final Function<List<Combiner.Pending<I, O>>, Uni<Void>> handler;
    private final ConcurrentLinkedQueue<Combiner.Pending<I, O>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handling = new AtomicBoolean();

    /**
     * @param handler handles a group and completes or fails every one of its items by the time its
     *                Uni ends; items it left open when it ends (or fails) are failed with its failure
     */
    public ReactiveCombiner(int maxGroup, Function<List<Combiner.Pending<I, O>>, Uni<Void>> handler) {
        this.maxGroup = maxGroup;
        this.handler = handler;
    }

    /** Hands in {@code item}; its outcome once its group was handled. */
    public Uni<O> submit(I item) {
        Combiner.Pending<I, O> mine = new Combiner.Pending<>(item);
        waiting.add(mine);
        startNextGroup();
        return Uni.createFrom().completionStage(mine.outcome());
    }

    private void startNextGroup() {
        // Whoever ends a group looks again: an item queued between its check and the flag's release is not left behind.
        while (!waiting.isEmpty() && handling.compareAndSet(false, true)) {
            List<Combiner.Pending<I, O>> group = new ArrayList<>();
            for (Combiner.Pending<I, O> p; group.size() < maxGroup && (p = waiting.poll()) != null; ) {
                group.add(p);
            }
            if (group.isEmpty()) {
                handling.set(false);
                continue;
            }
            Uni<Void> handled;
            try {
                handled = handler.apply(group);
            } catch (RuntimeException e) {
                handled = Uni.createFrom().failure(e);
            }
            handled.subscribe().with(ok -> ended(group, new IllegalStateException("the group's handler left this item open")),
                    failure -> ended(group, failure));
            return;
        }
    }

    private void ended(List<Combiner.Pending<I, O>> group, Throwable cause) {
        group.forEach(p -> p.fail(cause));
        handling.set(false);
        startNextGroup();
    }
}
