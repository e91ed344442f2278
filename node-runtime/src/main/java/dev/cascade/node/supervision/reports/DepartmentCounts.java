package dev.cascade.node.supervision.reports;

import dev.cascade.proto.supervision.v1.DepartmentCompliance;
import dev.cascade.proto.supervision.v1.ReasonCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One providing department's answers to requests in a period, after the 政务数据共享条例: requests
 * received, answered (granted or denied), answered by the reply deadline, the overdue ones listed,
 * denials by reason. Counted here from the exchanges ({@link ComplianceCounter}) or summed from a
 * descendant's signed reports ({@link SubtreeCompliance}), where an overdue request is known by its
 * id only.
 */
public record DepartmentCounts(String region, String department, long received, long answered, long answeredInTime,
                               List<Overdue> overdue, Map<String, Long> denials) {

    /** A request whose reply deadline passed unanswered; consumer, resource and deadline null when summed from a report. */
    public record Overdue(String exchangeId, String consumer, String resourceId, Instant deadline) {
    }

    public DepartmentCounts {
        overdue = List.copyOf(overdue);
        denials = Collections.unmodifiableMap(new TreeMap<>(denials));
    }

    public long denied() {
        return denials.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The section of a {@code ReportBody} (supervision.proto) these counts fill. */
    public DepartmentCompliance toProto() {
        DepartmentCompliance.Builder b = DepartmentCompliance.newBuilder().setDepartment(department).setReceived(received)
                .setAnswered(answered).setAnsweredInTime(answeredInTime);
        overdue.forEach(o -> b.addOverdue(o.exchangeId()));
        denials.forEach((reason, count) -> b.addDenials(ReasonCount.newBuilder().setReason(reason).setCount(count)));
        return b.build();
    }

    /** A report's section, as counts of the region that signed it. */
    public static DepartmentCounts fromProto(String region, DepartmentCompliance c) {
        Map<String, Long> denials = new TreeMap<>();
        c.getDenialsList().forEach(r -> denials.merge(r.getReason(), r.getCount(), Long::sum));
        List<Overdue> overdue = new ArrayList<>();
        c.getOverdueList().forEach(id -> overdue.add(new Overdue(id, null, null, null)));
        return new DepartmentCounts(region, c.getDepartment(), c.getReceived(), c.getAnswered(), c.getAnsweredInTime(),
                overdue, denials);
    }

    /** These counts and {@code other}'s (same region and department) together. */
    public DepartmentCounts plus(DepartmentCounts other) {
        List<Overdue> both = new ArrayList<>(overdue);
        other.overdue.stream().filter(o -> both.stream().noneMatch(b -> b.exchangeId().equals(o.exchangeId())))
                .forEach(both::add);
        Map<String, Long> d = new TreeMap<>(denials);
        other.denials.forEach((reason, count) -> d.merge(reason, count, Long::sum));
        return new DepartmentCounts(region, department, received + other.received, answered + other.answered,
                answeredInTime + other.answeredInTime, both, d);
    }
}
