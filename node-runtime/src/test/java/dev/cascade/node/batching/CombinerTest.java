package dev.cascade.node.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Items of concurrent callers are handled in groups; every caller gets its own item's outcome. */
class CombinerTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aLoneItemIsHandledAtOnceByItsOwnCaller() {
        List<Thread> handledOn = new ArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(8, Duration.ofSeconds(5), group -> {
            handledOn.add(Thread.currentThread());
            group.forEach(p -> p.complete(p.item() * 10));
        });

        assertThat(combiner.submit(4)).isEqualTo(40);
        assertThat(handledOn).containsExactly(Thread.currentThread());
    }

    @Test
    void itemsArrivingWhileAGroupIsHandledMakeUpTheNextGroupUpToTheBound() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Combiner<Integer, Integer> combiner = new Combiner<>(8, Duration.ofSeconds(10), group -> {
            groups.add(group.stream().map(Combiner.Pending::item).toList());
            if (group.get(0).item() == 0) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            group.forEach(p -> p.complete(-p.item()));
        });
        Future<Integer> first = callers.submit(() -> combiner.submit(0));
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            int item = i;
            later.add(callers.submit(() -> combiner.submit(item)));
        }
        Thread.sleep(300);
        releaseFirst.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < later.size(); i++) {
            assertThat(later.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(-(i + 1));
        }
        assertThat(groups).hasSize(3);
        assertThat(groups.get(0)).containsExactly(0);
        assertThat(groups.get(1)).hasSize(8);
        assertThat(groups.get(2)).hasSize(4);
    }

    @Test
    void aHandlerThatThrowsFailsTheItemsItLeftOpenAndTheCombinerGoesOn() {
        Combiner<Integer, Integer> combiner = new Combiner<>(8, Duration.ofSeconds(5), group -> {
            for (var p : group) {
                if (p.item() < 0) {
                    throw new IllegalArgumentException("negative: " + p.item());
                }
                p.complete(p.item());
            }
        });

        assertThatThrownBy(() -> combiner.submit(-1)).isInstanceOf(IllegalArgumentException.class).hasMessage("negative: -1");
        assertThat(combiner.submit(3)).isEqualTo(3);
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnOutcome() throws Exception {
        Combiner<Integer, Integer> combiner = new Combiner<>(64, Duration.ofSeconds(10), group -> {
            groups.add(group.stream().map(Combiner.Pending::item).toList());
            group.forEach(p -> p.complete(p.item() + 1));
        });
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int item = i;
            all.add(callers.submit(() -> combiner.submit(item)));
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(2000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
