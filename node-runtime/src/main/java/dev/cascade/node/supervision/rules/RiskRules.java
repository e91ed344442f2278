package dev.cascade.node.supervision.rules;

import dev.cascade.policy.pack.AlertThresholds;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.supervision.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The judgement of each built-in risk alert rule, as plain functions of what the engine read: no
 * database, no clock of its own, so each threshold's edge is pinned by a unit test. The engine
 * ({@link RiskRuleEngine}) gathers the facts and raises what these return.
 */
public final class RiskRules {

    /** A frame that failed its checks (forged, replayed, off its route). */
    public static final String FRAME_REFUSED = "frame.refused";
    /** A signed catalog change that failed its checks. */
    /** A handshake or join refused: a revoked, unknown or foreign peer trying to connect. */
    public static final String PEER_REFUSED = "peer.refused";
    public static final String ANCHORING_LAG = "ledger.anchoring-lag";
    public static final String CERTIFICATE_EXPIRING = "certificate.expiring";
    public static final String VOLUME_SPIKE = "volume.spike";
    public static final String REPEATED_DENIALS = "denials.repeated";
    public static final String BULK_OFF_HOURS = "bulk.off-hours";
    public static final String IMPORTANT_ACCESS = "data.important-access";

    /** Within this many days of expiry a certificate alert is at least high: a lapsed node drops off every link. */
    static final int CERTIFICATE_URGENT_DAYS = 7;

    private RiskRules() {
    }

    /** What a rule found: the alert to raise unless one about the same subject is still open. */
    public record Finding(String rule, Severity severity, String subject, String detail, List<Long> evidence) {
        public Finding {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * A refused frame, catalog change or handshake: always an alert, about the peer that sent it
     * (entries' actors read {@code link:<region>} for frames and changes; handshakes name the peer as subject).
     */
    public static Finding refusal(String rule, AlertThresholds t, String peer, String what, long entryId) {
        return new Finding(rule, t.severityOf(rule), peer, what, List.of(entryId));
    }

    /** Any grant or delivery of important or core data is shown to the supervisors. */
    public static Optional<Finding> importantAccess(AlertThresholds t, String exchangeId, String resourceId,
                                                    DataLevel level, String consumer, long entryId) {
        if (!level.atLeast(DataLevel.IMPORTANT)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(IMPORTANT_ACCESS, t.severityOf(IMPORTANT_ACCESS), exchangeId,
                "resource " + resourceId + " graded " + level.wire() + " granted to " + consumer, List.of(entryId)));
    }

    /** A delivery of at least the bulk threshold outside working hours. */
    public static Optional<Finding> bulkOffHours(AlertThresholds t, String department, String exchangeId, long rows,
                                                 Instant deliveredAt, long entryId) {
        if (rows < t.bulkRows() || t.withinWorkingHours(deliveredAt)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(BULK_OFF_HOURS, t.severityOf(BULK_OFF_HOURS), department,
                rows + " rows delivered in exchange " + exchangeId + " at " + deliveredAt.atZone(t.zone()).toLocalDateTime()
                        + " " + t.zone() + ", outside working hours " + t.workFrom() + "-" + t.workTo()
                        + " (bulk: " + t.bulkRows() + " rows or more)", List.of(entryId)));
    }

    /** {@code denials} are the department's denials within the window, the evidence their entries. */
    public static Optional<Finding> repeatedDenials(AlertThresholds t, String department, int denials, List<Long> evidence) {
        if (denials < t.denialCount()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(REPEATED_DENIALS, t.severityOf(REPEATED_DENIALS), department,
                denials + " requests denied within " + t.denialWindow() + " (threshold " + t.denialCount() + ")", evidence));
    }

    /** The median of daily totals, days without deliveries counted as 0. */
    public static double median(List<Long> dailyTotals) {
        if (dailyTotals.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(dailyTotals);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /**
     * Rows delivered to a department in the last 24 h against its trailing daily totals (one per
     * day of the window, zeros included): a spike above factor × median, once at least min-rows.
     */
    public static Optional<Finding> volumeSpike(AlertThresholds t, String department, long last24h, List<Long> dailyTotals,
                                                List<Long> evidence) {
        double median = median(dailyTotals);
        if (last24h < t.spikeMinRows() || last24h <= t.spikeFactor() * median) {
            return Optional.empty();
        }
        return Optional.of(new Finding(VOLUME_SPIKE, t.severityOf(VOLUME_SPIKE), department,
                last24h + " rows delivered in 24 h, above " + t.spikeFactor() + " x the median " + median + " of the trailing "
                        + dailyTotals.size() + " days", evidence));
    }

    /** The node's certificate expiring within the warning days; at least high within the last week. */
    public static Optional<Finding> certificateExpiring(AlertThresholds t, String region, Instant expiry, Instant now) {
        Duration left = Duration.between(now, expiry);
        if (left.compareTo(Duration.ofDays(t.certificateWarnDays())) > 0) {
            return Optional.empty();
        }
        Severity severity = t.severityOf(CERTIFICATE_EXPIRING);
        if (left.compareTo(Duration.ofDays(CERTIFICATE_URGENT_DAYS)) <= 0 && severity.compareTo(Severity.HIGH) < 0) {
            severity = Severity.HIGH;
        }
        String when = left.isNegative() ? "expired at " + expiry : "expires at " + expiry + " (in " + left.toDays() + " days)";
        return Optional.of(new Finding(CERTIFICATE_EXPIRING, severity, region, "this node's certificate " + when, List.of()));
    }

    /**
     * Entries waiting for the parent's receipt since {@code waitingSince} (when the oldest head not
     * yet anchored was signed) for longer than the limit. Nothing waiting, nothing to alert.
     */
    public static Optional<Finding> anchoringLag(AlertThresholds t, String region, Optional<Instant> waitingSince,
                                                 long unanchored, Instant now, List<Long> evidence) {
        if (waitingSince.isEmpty() || unanchored <= 0) {
            return Optional.empty();
        }
        Duration lag = Duration.between(waitingSince.get(), now);
        if (lag.compareTo(t.anchoringMaxLag()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(ANCHORING_LAG, t.severityOf(ANCHORING_LAG), region, unanchored
                + " ledger entries not anchored at the parent for " + lag.toMinutes() + " min (limit " + t.anchoringMaxLag() + ")",
                evidence));
    }
}
