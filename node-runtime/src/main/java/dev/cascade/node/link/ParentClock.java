package dev.cascade.node.link;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far the parent's clock is from this node's, as its heartbeats show: each carries the time it
 * was sent, by the parent's clock. Link latency (milliseconds here) counts as offset; the windows
 * this is compared with are minutes.
 */
public final class ParentClock {

    private volatile Duration offset;

    /** A heartbeat sent at {@code sentAtMillis} by the parent's clock arrived at {@code heardAt} by this node's. */
    void heard(long sentAtMillis, Instant heardAt) {
        if (sentAtMillis > 0) {
            offset = Duration.ofMillis(sentAtMillis - heardAt.toEpochMilli());
        }
    }

    /** The parent's clock minus this node's (negative: this node is ahead); empty before the first heartbeat. */
    public Optional<Duration> offset() {
        return Optional.ofNullable(offset);
    }

    /** The offset when it exceeds {@code window} either way: hops would refuse this node's signed times. */
    public Optional<Duration> beyond(Duration window) {
        return offset().filter(o -> o.abs().compareTo(window) > 0);
    }

    /** Says what is wrong, in the words an operator acts on. */
    public static String describe(Duration offset, Duration window) {
        return "this node's clock is " + offset.abs().toSeconds() + " s " + (offset.isNegative() ? "ahead of" : "behind")
                + " its parent's, more than the " + window.toSeconds() + " s a request's time may differ at a hop, which"
                + " would refuse it as stale or replayed; correct the clock (NTP) and ask again";
    }
}
