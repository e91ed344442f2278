package dev.cascade.node.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

/**
 * Every upward stream (tier link, catalog sync, exchange relay) is re-dialled by this one schedule
 * (decision 0013), so its arithmetic decides how fast a returning parent is found and how hard a
 * missing one is hammered. The timer here records what Redial asks of it instead of waiting, and
 * the test fires the recorded re-dials itself.
 */
class RedialTest {

    private final RecordingTimer timer = new RecordingTimer();
    private final CountingChannel channel = new CountingChannel();
    private final List<Redial> opened = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @AfterEach
    void shutDown() {
        timer.shutdownNow();
    }

    @Test
    void theWaitDoublesFrom250MillisecondsUpToTheCap() {
        Redial redial = redial(Duration.ofSeconds(2));

        for (int i = 0; i < 6; i++) {
            redial.ended("parent unreachable");
        }

        assertThat(timer.delaysMillis).containsExactly(250L, 500L, 1000L, 2000L, 2000L, 2000L);
    }

    @Test
    void aCapBetweenTwoDoublingsIsReachedExactlyAndNeverPassed() {
        Redial redial = redial(Duration.ofMillis(600));

        for (int i = 0; i < 4; i++) {
            redial.ended("parent unreachable");
        }

        assertThat(timer.delaysMillis).containsExactly(250L, 500L, 600L, 600L);
    }

    @Test
    void hearingTheParentStartsTheWaitOverAt250Milliseconds() {
        Redial redial = redial(Duration.ofSeconds(5));
        redial.ended("refused");
        redial.ended("refused");
        redial.ended("refused");

        redial.heard();
        redial.ended("parent closed the link");
        redial.ended("parent closed the link");

        assertThat(timer.delaysMillis).containsExactly(250L, 500L, 1000L, 250L, 500L);
    }

    @Test
    void aDueRedialResetsTheChannelsOwnBackoffAndOpensTheStreamAgain() {
        Redial redial = redial(Duration.ofSeconds(5));
        redial.ended("parent unreachable");

        timer.tasks.get(0).run();

        assertThat(channel.backoffResets).isEqualTo(1);
        assertThat(opened).containsExactly(redial);
    }

    @Test
    void anEndAfterStopSchedulesNothing() {
        Redial redial = redial(Duration.ofSeconds(5));
        stopping.set(true);

        redial.ended("node shutting down");

        assertThat(timer.delaysMillis).isEmpty();
        assertThat(opened).isEmpty();
    }

    @Test
    void aRedialThatFallsDueAfterStopOpensNothing() {
        Redial redial = redial(Duration.ofSeconds(5));
        redial.ended("parent unreachable");
        stopping.set(true);

        timer.tasks.get(0).run();

        assertThat(channel.backoffResets).isZero();
        assertThat(opened).isEmpty();
    }

    @Test
    void anEndWhileTheTimerIsShutDownIsDroppedQuietly() {
        Redial redial = redial(Duration.ofSeconds(5));
        timer.shutdownNow();

        redial.ended("parent unreachable");

        assertThat(timer.delaysMillis).containsExactly(250L);
        assertThat(timer.tasks).isEmpty();
    }

    private Redial redial(Duration max) {
        return new Redial("test stream", max, (parent, r) -> {
            assertThat(parent).isSameAs(channel);
            opened.add(r);
        }, channel, timer, stopping::get);
    }

    /** Records each delay Redial asks for and holds the task; never runs it by itself. */
    private static final class RecordingTimer extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMillis = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        RecordingTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delaysMillis.add(unit.toMillis(delay));
            if (isShutdown()) {
                return super.schedule(command, delay, unit); // rejects, as a stopped timer does
            }
            tasks.add(command);
            return null;
        }
    }

    /** A parent channel that is never called on; it only counts backoff resets. */
    private static final class CountingChannel extends ManagedChannel {
        int backoffResets;

        @Override
        public void resetConnectBackoff() {
            backoffResets++;
        }

        @Override
        public ManagedChannel shutdown() {
            return this;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public ManagedChannel shutdownNow() {
            return this;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            throw new AssertionError("Redial must not call the parent itself");
        }

        @Override
        public String authority() {
            return "parent.test";
        }
    }
}
