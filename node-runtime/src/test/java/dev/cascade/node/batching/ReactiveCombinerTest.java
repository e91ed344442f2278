package dev.cascade.node.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Items handed in without blocking are handled in groups, one group at a time; each caller gets its own outcome. */
class ReactiveCombinerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
    /** Each group's handling ends when the test completes its future. */
    private final List<CompletableFuture<Void>> releases = new CopyOnWriteArrayList<>();

    private ReactiveCombiner<Integer, Integer> heldUntilReleased(int maxGroup) {
        return new ReactiveCombiner<>(maxGroup, group -> {
            groups.add(group.stream().map(Combiner.Pending::item).toList());
            CompletableFuture<Void> release = new CompletableFuture<>();
            releases.add(release);
            return Uni.createFrom().completionStage(release).invoke(() -> group.forEach(p -> p.complete(p.item() * 10)));
        });
    }

    @Test
    void aLoneItemStartsItsGroupAtOnce() {
        ReactiveCombiner<Integer, Integer> combiner = heldUntilReleased(8);

        Uni<Integer> outcome = combiner.submit(4);

        assertThat(groups).containsExactly(List.of(4));
        releases.get(0).complete(null);
        assertThat(outcome.await().atMost(WAIT)).isEqualTo(40);
    }

    @Test
    void itemsArrivingWhileAGroupIsHandledMakeUpTheNextGroupsUpToTheBound() {
        ReactiveCombiner<Integer, Integer> combiner = heldUntilReleased(4);
        List<Uni<Integer>> outcomes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            outcomes.add(combiner.submit(i));
        }
        assertThat(groups).containsExactly(List.of(0));

        releases.get(0).complete(null);
        assertThat(groups).containsExactly(List.of(0), List.of(1, 2, 3, 4));
        releases.get(1).complete(null);
        assertThat(groups).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6));
        releases.get(2).complete(null);

        assertThat(outcomes.stream().map(o -> o.await().atMost(WAIT)).toList()).containsExactly(0, 10, 20, 30, 40, 50, 60);
    }

    @Test
    void aFailedGroupFailsItsOpenItemsAndTheNextGroupStillRuns() {
        ReactiveCombiner<Integer, Integer> combiner = new ReactiveCombiner<>(8, group -> {
            groups.add(group.stream().map(Combiner.Pending::item).toList());
            if (group.get(0).item() == 0) {
                CompletableFuture<Void> release = new CompletableFuture<>();
                releases.add(release);
                return Uni.createFrom().completionStage(release).invoke(() -> group.get(0).complete(0))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("disk full")));
            }
            group.forEach(p -> p.complete(p.item()));
            return Uni.createFrom().voidItem();
        });
        Uni<Integer> first = combiner.submit(0);
        Uni<Integer> second = combiner.submit(1);

        releases.get(0).complete(null);

        assertThat(first.await().atMost(WAIT)).as("completed before its group failed").isZero();
        assertThat(second.await().atMost(WAIT)).isEqualTo(1);
        assertThat(groups).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void anItemItsHandlerLeftOpenFailsInsteadOfHanging() {
        ReactiveCombiner<Integer, Integer> combiner = new ReactiveCombiner<>(8, group -> Uni.createFrom().voidItem());

        assertThatThrownBy(() -> combiner.submit(1).await().atMost(WAIT)).hasMessageContaining("left this item open");
    }
}
