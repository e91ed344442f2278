package dev.cascade.node.link;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.grpc.ManagedChannel;

/**
 * One stream a tier service keeps open to the parent ({@link ParentDialer#keepOpen}): it is opened,
 * and whenever it ends it is opened again after a wait that doubles from 250 ms up to a cap and
 * starts over once the parent is heard from. gRPC's own reconnect backoff grows to two minutes
 * while the parent is away; this schedule decides instead, so a returning parent is found at once.
 */
public final class Redial {

    private static final Logger LOG = Logger.getLogger(Redial.class);
    private static final Duration FIRST = Duration.ofMillis(250);

    /** Opens the stream on the parent channel; the stream reports back through {@code redial}. */
    public interface Opener {
        void open(ManagedChannel parent, Redial redial);
    }

    private final String stream;
    private final Duration max;
    private final Opener opener;
    private final ManagedChannel channel;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier stopping;
    private volatile Duration wait = FIRST;

    Redial(String stream, Duration max, Opener opener, ManagedChannel channel, ScheduledExecutorService timer,
           BooleanSupplier stopping) {
        this.stream = stream;
        this.max = max;
        this.opener = opener;
        this.channel = channel;
        this.timer = timer;
        this.stopping = stopping;
    }

    void open() {
        if (stopping.getAsBoolean()) {
            return;
        }
        channel.resetConnectBackoff();
        opener.open(channel, this);
    }

    /** The parent answered on this stream: the next drop re-dials after the shortest wait. */
    public void heard() {
        wait = FIRST;
    }

    /** The stream ended (for any reason): open it again after the current wait. */
    public void ended(String why) {
        if (stopping.getAsBoolean()) {
            return;
        }
        Duration now = wait;
        wait = now.multipliedBy(2).compareTo(max) > 0 ? max : now.multipliedBy(2);
        LOG.debugf("%s stream to the parent: %s; re-dialling in %d ms", stream, why, now.toMillis());
        try {
            timer.schedule(this::open, now.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
