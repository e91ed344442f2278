package dev.cascade.node.supervision.reports;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventLog.Seen;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.supervision.reports.DepartmentCounts.Overdue;
import dev.cascade.proto.supervision.v1.DepartmentCompliance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts this node's answers to requests for its departments' resources in a period, after the
 * 政务数据共享条例's reply deadlines, per providing department (the resource's {@code provider_dept}
 * in this node's catalog). Only the owner's record of an exchange counts; relays and consumers
 * answer nothing.
 *
 * <ul>
 *   <li>received: requests first recorded here in the period;</li>
 *   <li>answered: requests granted or denied in the period (the owner's first {@code exchange.granted}
 *       or {@code exchange.denied} entry), whenever received;</li>
 *   <li>answered in time: of those, answered by the reply deadline; a decision by rule, which sets
 *       no deadline, is in time;</li>
 *   <li>overdue: requests whose deadline fell in the period (and has passed) with no answer by it:
 *       still pending, expired, or answered late;</li>
 *   <li>denials by reason: the policy rules that denied ({@code pack/rule}, comma-separated), or
 *       {@code approver: <reason>} for an approver's denial.</li>
 * </ul>
 *
 * The lead's periodic report fills {@code ReportBody.compliance} from {@link #compliance}.
 */
@ApplicationScoped
public class ComplianceCounter {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> ANSWERS = List.of(EventType.EXCHANGE_GRANTED.key(), EventType.EXCHANGE_DENIED.key());
    private static final String OWNER = "owner";
    private static final String UNKNOWN = "unknown";
    private static final String COLUMNS = "e.id, e.consumer_region, e.consumer_dept, e.resource_id, e.approval_deadline,"
            + " e.reason, e.rules, e.created_at, coalesce(c.provider_dept, '" + UNKNOWN + "') as dept from exchange e"
            + " left join catalog_entry c on c.origin = e.owner_region and c.resource_id = e.resource_id";

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    LocalNode node;

    /** The {@code ReportBody.compliance} sections for [from, to), one per department with anything to count. */
    public List<DepartmentCompliance> compliance(Instant from, Instant to) {
        return count(from, to).stream().map(DepartmentCounts::toProto).toList();
    }

    /** The counts for [from, to), by department name. */
    public List<DepartmentCounts> count(Instant from, Instant to) {
        Instant now = node.clock().instant();
        Map<String, Tally> tallies = new TreeMap<>();
        for (Owned e : rows("e.created_at >= $1 and e.created_at < $2", Tuple.of(utc(from), utc(to)))) {
            tally(tallies, e.dept()).received++;
        }
        Set<String> answeredInPeriod = new LinkedHashSet<>();
        events.between(ANSWERS, List.of(OWNER), from, to).await().atMost(WAIT).forEach(s -> answeredInPeriod.add(s.subject()));
        // An exchange's first answer is the one that counts (and only in the period it fell in).
        Map<String, Seen> first = firstAnswers(events.aboutAny(answeredInPeriod, ANSWERS).await().atMost(WAIT));
        for (Owned e : byIds(answeredInPeriod)) {
            Seen answer = first.get(e.id());
            if (answer == null || answer.at().isBefore(from) || !answer.at().isBefore(to)) {
                continue;
            }
            Tally t = tally(tallies, e.dept());
            t.answered++;
            if (e.deadline() == null || !answer.at().isAfter(e.deadline())) {
                t.inTime++;
            }
            if (answer.type().equals(EventType.EXCHANGE_DENIED.key())) {
                t.denials.merge(denialReason(e.rules(), e.reason()), 1L, Long::sum);
            }
        }
        Instant passedBy = to.isBefore(now) ? to : now;
        List<Owned> due = rows("e.approval_deadline >= $1 and e.approval_deadline < $2", Tuple.of(utc(from), utc(passedBy)));
        Map<String, Seen> answers = firstAnswers(events.aboutAny(due.stream().map(Owned::id).toList(), ANSWERS)
                .await().atMost(WAIT));
        for (Owned e : due) {
            Seen answer = answers.get(e.id());
            if (answer == null || answer.at().isAfter(e.deadline())) {
                tally(tallies, e.dept()).overdue.add(new Overdue(e.id(), e.consumer(), e.resourceId(), e.deadline()));
            }
        }
        String region = node.region().code();
        List<DepartmentCounts> out = new ArrayList<>();
        tallies.forEach((dept, t) -> out.add(new DepartmentCounts(region, dept, t.received, t.answered, t.inTime,
                t.overdue, t.denials)));
        return out;
    }

    /**
     * How a denial is counted: by the rules that denied it, or as an approver's with the reason
     * the approver gave (the owner records it as "denied by approver NAME: REASON").
     */
    static String denialReason(String rules, String reason) {
        if (rules != null && !rules.isBlank()) {
            return rules;
        }
        String text = reason == null ? "" : reason.strip();
        int colon = text.indexOf(": ");
        if (text.startsWith("denied by approver ") && colon > 0) {
            text = text.substring(colon + 2).strip();
        }
        return "approver: " + (text.isEmpty() ? "(no reason given)" : text);
    }

    /** The owner's first answer to each exchange among {@code entries} (oldest first). */
    private static Map<String, Seen> firstAnswers(List<Seen> entries) {
        Map<String, Seen> out = new HashMap<>();
        for (Seen s : entries) {
            if (s.actor().equals(OWNER)) {
                out.putIfAbsent(s.subject(), s);
            }
        }
        return out;
    }

    private static final class Tally {
        long received;
        long answered;
        long inTime;
        final List<Overdue> overdue = new ArrayList<>();
        final Map<String, Long> denials = new TreeMap<>();
    }

    private static Tally tally(Map<String, Tally> tallies, String dept) {
        return tallies.computeIfAbsent(dept, k -> new Tally());
    }

    /** An exchange as its owner holds it, with the department providing its resource. */
    private record Owned(String id, String consumer, String resourceId, Instant deadline, String reason, String rules,
                         String dept) {
    }

    private List<Owned> rows(String where, Tuple args) {
        return read("select " + COLUMNS + " where e.role = 'owner' and " + where + " order by e.created_at, e.id", args);
    }

    private List<Owned> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>(ids);
        return read("select " + COLUMNS + " where e.role = 'owner' and e.id = any($1) order by e.created_at, e.id",
                Tuple.of(unique.toArray(String[]::new)));
    }

    private List<Owned> read(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Owned> out = new ArrayList<>();
            for (Row r : rows) {
                OffsetDateTime deadline = r.getOffsetDateTime("approval_deadline");
                out.add(new Owned(r.getString("id"), r.getString("consumer_dept") + "@" + r.getString("consumer_region"),
                        r.getString("resource_id"), deadline == null ? null : deadline.toInstant(), r.getString("reason"),
                        r.getString("rules"), r.getString("dept")));
            }
            return out;
        }).await().atMost(WAIT);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
