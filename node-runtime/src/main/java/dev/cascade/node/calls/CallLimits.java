package dev.cascade.node.calls;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The owner's count of each service grant's calls against its terms: a daily quota and a rate
 * (a token bucket of one second's calls, refilled continuously). Counted in memory on the call's
 * path; a grant's count for the day starts from its usage rows when first needed (after a restart).
 */
final class CallLimits {

    /** Whether a call may go on, and if not, which limit stopped it. */
    enum Verdict { WITHIN, OVER_QUOTA, OVER_RATE }

    /** What a caller learns of the grant's use: the verdict and the day's count including this call if it passed. */
    record Use(Verdict verdict, long usedToday) {
    }

    private static final class Meter {
        LocalDate day;
        long usedToday;
        double tokens;
        long refilledAt;
    }

    private final ConcurrentHashMap<String, Meter> meters = new ConcurrentHashMap<>();

    /**
     * Counts one call of {@code grantId} made on {@code today} at {@code nanoTime}, if the grant's
     * terms allow it.
     *
     * @param usedSoFar the day's calls on record, read only when this grant is first met on a day
     */
    Use take(String grantId, long quotaPerDay, int ratePerSecond, LocalDate today, long nanoTime, Supplier<Long> usedSoFar) {
        Meter m = meters.computeIfAbsent(grantId, id -> new Meter());
        synchronized (m) {
            if (!today.equals(m.day)) {
                m.day = today;
                m.usedToday = m.refilledAt == 0 ? usedSoFar.get() : 0;
                if (m.refilledAt == 0) {
                    m.tokens = ratePerSecond;
                    m.refilledAt = nanoTime;
                }
            }
            if (ratePerSecond > 0) {
                double elapsed = (nanoTime - m.refilledAt) / 1e9;
                m.tokens = Math.min(ratePerSecond, m.tokens + elapsed * ratePerSecond);
                m.refilledAt = nanoTime;
            }
            if (quotaPerDay > 0 && m.usedToday >= quotaPerDay) {
                return new Use(Verdict.OVER_QUOTA, m.usedToday);
            }
            if (ratePerSecond > 0 && m.tokens < 1) {
                return new Use(Verdict.OVER_RATE, m.usedToday);
            }
            m.tokens -= 1;
            m.usedToday++;
            return new Use(Verdict.WITHIN, m.usedToday);
        }
    }

    /** The day's calls counted so far (for refusals that never reached the meter). */
    long usedToday(String grantId, LocalDate today) {
        Meter m = meters.get(grantId);
        if (m == null) {
            return 0;
        }
        synchronized (m) {
            return today.equals(m.day) ? m.usedToday : 0;
        }
    }
}
