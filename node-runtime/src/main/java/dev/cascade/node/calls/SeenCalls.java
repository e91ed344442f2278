package dev.cascade.node.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call ids the owner took within the freshness window: a call replayed inside the window is
 * refused here, and one replayed later is refused as stale by its issue time, so no call is
 * answered twice without keeping ids for longer than the window.
 */
final class SeenCalls {

    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.EPOCH;

    /** True the first time {@code callId} is seen within {@code window}. */
    boolean firstTime(String callId, Instant now, Duration window) {
        if (now.isAfter(nextSweep)) {
            sweep(now.minus(window).minus(window));
            nextSweep = now.plusSeconds(10);
        }
        return seen.putIfAbsent(callId, now) == null;
    }

    private void sweep(Instant before) {
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isBefore(before)) {
                it.remove();
            }
        }
    }
}
