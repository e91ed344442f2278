package dev.cascade.policy.pack;

import dev.cascade.protocol.supervision.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The thresholds of the built-in risk alert rules (the {@code alerts:} section of a pack). As with
 * {@link PackDefaults}, a pack states only what it sets (null = inherited); a root pack that leaves
 * something out gets {@link #BUILT_IN}'s value, so a pack written before the section existed keeps
 * loading. A lower pack may only tighten: alert sooner, on less, more seriously.
 *
 * @param spikeFactor      a consumer department's rows delivered in 24 h above this many times its
 *                         trailing daily median raise {@code volume.spike}; lower is tighter
 * @param spikeWindowDays  the trailing days the median is taken over
 * @param spikeMinRows     no spike below this many rows in 24 h (a quiet department's first file is
 *                         no spike); lower is tighter
 * @param denialCount      this many denials of one department within {@code denialWindow} raise
 *                         {@code denials.repeated}; lower is tighter
 * @param denialWindow     longer is tighter
 * @param workFrom         working hours start; a delivery of at least {@code bulkRows} rows outside
 *                         working hours raises {@code bulk.off-hours}; later is tighter
 * @param workTo           working hours end (exclusive); earlier is tighter
 * @param workDays         the working days; fewer is tighter
 * @param zone             the time zone working hours are read in; fixed by the root
 * @param bulkRows         lower is tighter
 * @param certificateWarnDays the node's certificate expiring within this many days raises
 *                         {@code certificate.expiring}; more is tighter
 * @param anchoringMaxLag  no anchoring receipt from the parent for longer than this raises
 *                         {@code ledger.anchoring-lag}; shorter is tighter
 * @param severities       per rule id, the severity its alerts are raised at (at least the built-in one);
 *                         higher is tighter
 */
public record AlertThresholds(Double spikeFactor, Integer spikeWindowDays, Long spikeMinRows, Integer denialCount,
                              Duration denialWindow, LocalTime workFrom, LocalTime workTo, Set<DayOfWeek> workDays,
                              ZoneId zone, Long bulkRows, Integer certificateWarnDays, Duration anchoringMaxLag,
                              Map<String, Severity> severities) {

    /** The rule ids a pack may name under {@code severities}, with the severity each is raised at by default. */
    public static final Map<String, Severity> RULE_SEVERITIES = ruleSeverities();

    /** What applies where no pack of the chain says otherwise (docs/policies/policy-packs.md, "Alert thresholds"). */
    public static final AlertThresholds BUILT_IN = new AlertThresholds(10.0, 7, 1000L, 5, Duration.ofHours(1),
            LocalTime.of(8, 0), LocalTime.of(20, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), ZoneId.of("Asia/Shanghai"), 5000L, 30,
            Duration.ofHours(1), RULE_SEVERITIES);

    /** A pack without an {@code alerts:} section. */
    public static final AlertThresholds NONE = new AlertThresholds(null, null, null, null, null, null, null, null,
            null, null, null, null, Map.of());

    public AlertThresholds {
        workDays = workDays == null ? null : Collections.unmodifiableSet(workDays.isEmpty()
                ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(workDays));
        severities = Collections.unmodifiableMap(new LinkedHashMap<>(severities));
    }

    private static Map<String, Severity> ruleSeverities() {
        Map<String, Severity> m = new LinkedHashMap<>();
        m.put("frame.refused", Severity.HIGH);
        m.put("peer.refused", Severity.HIGH);
        m.put("ledger.anchoring-lag", Severity.HIGH);
        m.put("certificate.expiring", Severity.MEDIUM);
        m.put("volume.spike", Severity.HIGH);
        m.put("denials.repeated", Severity.MEDIUM);
        m.put("bulk.off-hours", Severity.MEDIUM);
        m.put("data.important-access", Severity.HIGH);
        return Collections.unmodifiableMap(m);
    }

    /** The severity rule {@code ruleId} raises at (every rule id of {@link #RULE_SEVERITIES} has one once composed). */
    public Severity severityOf(String ruleId) {
        return Optional.ofNullable(severities.get(ruleId)).orElseGet(() -> RULE_SEVERITIES.get(ruleId));
    }

    /** Whether {@code at} falls in working hours, read in {@link #zone()}. */
    public boolean withinWorkingHours(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        return workDays.contains(local.getDayOfWeek()) && !t.isBefore(workFrom) && t.isBefore(workTo);
    }
}
