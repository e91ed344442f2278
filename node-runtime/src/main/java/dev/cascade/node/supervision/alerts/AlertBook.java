package dev.cascade.node.supervision.alerts;

import io.vertx.mutiny.sqlclient.SqlConnection;
import io.smallrye.mutiny.Uni;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EntryText;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.supervision.signed.SignedBodies;
import dev.cascade.proto.supervision.v1.AlertBody;
import dev.cascade.proto.supervision.v1.AlertChangeBody;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.AlertState;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.protocol.supervision.SupervisionSignatures;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The risk alerts a node holds: its own and those that climbed to it from its subtree. Supervisors
 * list them and move them open → acknowledged → resolved; each change is a ledger entry and climbs,
 * signed by this node, as far as the alert itself went (docs/protocols/supervision.md).
 */
@ApplicationScoped
public class AlertBook {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COLUMNS = "id, uid, raised_at, kind, subject, detail, origin, severity, evidence, state,"
            + " acknowledged_by, acknowledged_at, resolved_by, resolved_at, note, received_from";

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    LocalNode node;
    @Inject
    SignedBodies signing;
    @Inject
    RiskAlerts alerts;

    /** An alert as supervisors see it. */
    public record AlertView(String id, String origin, String rule, Severity severity, String subject, String detail,
                            List<Long> evidence, Instant raisedAt, AlertState state, Optional<String> acknowledgedBy,
                            Optional<Instant> acknowledgedAt, Optional<String> resolvedBy, Optional<Instant> resolvedAt,
                            Optional<String> note, Optional<String> receivedFrom) {
    }

    /** What to list: by state, at least a severity, from one origin; newest first. */
    public record Filter(Optional<AlertState> state, Optional<Severity> atLeast, Optional<RegionCode> origin, int limit) {
    }

    /** A signed alert or change to send up, with the row it came from. */
    public record Climbing(long row, Signed signed) {
    }

    public List<AlertView> list(Filter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        filter.state().ifPresent(s -> {
            args.add(s.key());
            where.append(" and state = $").append(args.size());
        });
        filter.origin().ifPresent(o -> {
            args.add(o.code());
            where.append(" and coalesce(origin, '").append(node.region().code()).append("') = $").append(args.size());
        });
        filter.atLeast().ifPresent(min -> {
            List<String> keys = Arrays.stream(Severity.values()).filter(s -> s.compareTo(min) >= 0).map(Severity::key).toList();
            args.add(keys.toArray(new String[0]));
            where.append(" and severity = any($").append(args.size()).append(")");
        });
        args.add(Math.max(1, Math.min(filter.limit(), 1000)));
        List<AlertView> out = new ArrayList<>();
        pool.preparedQuery("select " + COLUMNS + " from alert" + where + " order by raised_at desc, id desc limit $" + args.size())
                .execute(Tuple.from(args)).await().atMost(WAIT).forEach(row -> out.add(view(row)));
        return out;
    }

    public Optional<AlertView> find(String id) {
        var rows = pool.preparedQuery("select " + COLUMNS + " from alert where uid = $1").execute(Tuple.of(id))
                .await().atMost(WAIT);
        return rows.iterator().hasNext() ? Optional.of(view(rows.iterator().next())) : Optional.empty();
    }

    /** Open alerts by severity, for reports and the summary. */
    public List<long[]> openBySeverity() {
        List<long[]> out = new ArrayList<>();
        pool.query("select severity, count(*) from alert where state <> 'resolved' group by severity").execute()
                .await().atMost(WAIT).forEach(row -> out.add(new long[] {
                    Severity.parse(row.getString(0)).orElse(Severity.MEDIUM).ordinal(), row.getLong(1)}));
        return out;
    }

    /**
     * A supervisor at this node acknowledges or resolves an alert it holds. Refused (409) when the
     * alert is already there or beyond.
     */
    public AlertView change(String id, AlertState to, String by, String note) {
        AlertView alert = find(id).orElseThrow(() -> ProblemException.notFound("no alert " + id + " at " + node.region()));
        if (!alert.state().canMoveTo(to)) {
            throw ProblemException.conflict("alert " + id + " is " + alert.state().key() + ": it cannot become " + to.key());
        }
        Instant at = node.clock().instant();
        AlertChangeBody body = AlertChangeBody.newBuilder().setAlertId(id).setOrigin(alert.origin()).setStateValue(to.ordinal() + 1)
                .setBy(EntryText.bounded(by, 128)).setNote(EntryText.bounded(note, 500)).setAtMs(at.toEpochMilli())
                .setAtRegion(node.region().code()).build();
        Signed signed = signing.sign(SupervisionSignatures.Kind.ALERT_CHANGE, body.toByteArray());
        boolean climbs = climbsOnFrom(alert);
        pool.withTransaction(tx -> apply(tx, body, at)
                .chain(() -> tx.preparedQuery("insert into alert_change (alert_uid, signed, climb_pending, received_at)"
                        + " values ($1, $2, $3, $4)").execute(Tuple.of(id, signed.toByteArray(), climbs, utc(at))))
                .chain(() -> events.append(tx, to == AlertState.RESOLVED ? EventType.ALERT_RESOLVED : EventType.ALERT_ACKNOWLEDGED,
                        by, id, to.key() + " by " + by + (note.isBlank() ? "" : ": " + note))))
                .await().atMost(WAIT);
        return find(id).orElseThrow();
    }

    private Uni<Void> apply(SqlConnection tx, AlertChangeBody change, Instant at) {
        AlertState to = AlertState.values()[change.getStateValue() - 1];
        String who = change.getBy(); // names its node already (dept@region)
        String sql = to == AlertState.ACKNOWLEDGED
                ? "update alert set state = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, note = $4 where uid = $1 and state = 'open'"
                : "update alert set state = 'resolved', resolved_by = $2, resolved_at = $3, note = $4 where uid = $1 and state <> 'resolved'";
        return tx.preparedQuery(sql).execute(Tuple.of(change.getAlertId(), EntryText.bounded(who, 128),
                utc(Instant.ofEpochMilli(change.getAtMs())), EntryText.bounded(change.getNote(), 500))).replaceWithVoid();
    }

    /** Whether an alert's changes made or received here go on to the parent: as far as the alert itself climbs. */
    private boolean climbsOnFrom(AlertView alert) {
        return node.settings().parentRegion().isPresent()
                && (alert.origin().equals(node.region().code()) || alert.severity().reachesEveryAncestor());
    }

    /**
     * An alert that a direct child sent up. It must be signed by its origin, which lies in that
     * child's subtree; one from below the child must be serious enough to climb past its parent.
     *
     * @return empty when stored (or already held), else why it was refused
     */
    public Optional<String> receive(RegionCode child, Signed signed) {
        var opened = signing.open(signed, SupervisionSignatures.Kind.ALERT, AlertBody::parseFrom, AlertBody::getOrigin);
        if (opened instanceof SignedBodies.Refused<AlertBody> r) {
            return Optional.of("alert refused: " + r.reason());
        }
        AlertBody alert = ((SignedBodies.Authentic<AlertBody>) opened).body();
        RegionCode origin = ((SignedBodies.Authentic<AlertBody>) opened).author();
        if (!child.covers(origin)) {
            return Optional.of("alert " + alert.getId() + " of " + origin + " cannot come from " + child + ": not in its subtree");
        }
        Optional<Severity> severity = severityOf(alert.getSeverityValue());
        if (severity.isEmpty()) {
            return Optional.of("alert " + alert.getId() + " has no valid severity");
        }
        if (!origin.equals(child) && !severity.get().reachesEveryAncestor()) {
            return Optional.of("alert " + alert.getId() + " of " + origin + " is " + severity.get().key()
                    + ": it stops at the origin's parent and cannot come from " + child);
        }
        boolean climbs = node.settings().parentRegion().isPresent() && severity.get().reachesEveryAncestor();
        Instant raised = Instant.ofEpochMilli(alert.getRaisedAtMs());
        String evidence = String.join(",", alert.getEvidenceList().stream().map(String::valueOf).toList());
        pool.withTransaction(tx -> tx.preparedQuery("insert into alert (uid, raised_at, kind, subject, detail, origin, severity,"
                                + " evidence, state, signed, climb_pending, received_from) values ($1, $2, $3, $4, $5, $6, $7, $8,"
                                + " 'open', $9, $10, $11) on conflict (uid) do nothing")
                        .execute(Tuple.from(List.of(alert.getId(), utc(raised), EntryText.bounded(alert.getRule(), 64),
                                EntryText.bounded(alert.getSubject(), 128), EntryText.bounded(alert.getDetail()), origin.code(),
                                severity.get().key(), EntryText.bounded(evidence, 400), signed.toByteArray(), climbs, child.code())))
                        .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                                : events.append(tx, EventType.ALERT_RECEIVED, "link:" + child.code(), alert.getId(),
                                severity.get().key() + " " + alert.getRule() + " from " + origin + " about " + alert.getSubject())))
                .await().atMost(WAIT);
        return Optional.empty();
    }

    /** An alert change a direct child sent up: signed by the node that made it, in that child's subtree. */
    public Optional<String> receiveChange(RegionCode child, Signed signed) {
        var opened = signing.open(signed, SupervisionSignatures.Kind.ALERT_CHANGE, AlertChangeBody::parseFrom,
                AlertChangeBody::getAtRegion);
        if (opened instanceof SignedBodies.Refused<AlertChangeBody> r) {
            return Optional.of("alert change refused: " + r.reason());
        }
        AlertChangeBody change = ((SignedBodies.Authentic<AlertChangeBody>) opened).body();
        RegionCode at = ((SignedBodies.Authentic<AlertChangeBody>) opened).author();
        if (!child.covers(at)) {
            return Optional.of("alert change made at " + at + " cannot come from " + child + ": not in its subtree");
        }
        if (change.getStateValue() < 2 || change.getStateValue() > 3) {
            return Optional.of("alert change for " + change.getAlertId() + " names no state an alert can move to");
        }
        Optional<AlertView> alert = find(change.getAlertId());
        if (alert.isEmpty()) {
            return Optional.empty(); // the alert stopped below this node; so does its change
        }
        AlertState to = AlertState.values()[change.getStateValue() - 1];
        boolean climbs = climbsOnFrom(alert.get());
        Instant now = node.clock().instant();
        pool.withTransaction(tx -> apply(tx, change, now)
                .chain(() -> tx.preparedQuery("insert into alert_change (alert_uid, signed, climb_pending, received_at)"
                        + " values ($1, $2, $3, $4)").execute(Tuple.of(change.getAlertId(), signed.toByteArray(), climbs, utc(now))))
                .chain(() -> events.append(tx, to == AlertState.RESOLVED ? EventType.ALERT_RESOLVED : EventType.ALERT_ACKNOWLEDGED,
                        "link:" + child.code(), change.getAlertId(), to.key() + " by " + change.getBy() + " at " + at)))
                .await().atMost(WAIT);
        return Optional.empty();
    }

    /** Alerts waiting to climb, oldest first. */
    public List<Climbing> climbingAlerts(int limit) {
        List<Climbing> out = new ArrayList<>();
        pool.preparedQuery("select id, signed from alert where climb_pending order by id limit $1").execute(Tuple.of(limit))
                .await().atMost(WAIT).forEach(row -> parsed(row).ifPresent(out::add));
        return out;
    }

    /** Alert changes waiting to climb, oldest first. */
    public List<Climbing> climbingChanges(int limit) {
        List<Climbing> out = new ArrayList<>();
        pool.preparedQuery("select id, signed from alert_change where climb_pending order by id limit $1").execute(Tuple.of(limit))
                .await().atMost(WAIT).forEach(row -> parsed(row).ifPresent(out::add));
        return out;
    }

    /** The parent stored these: they climb no more from here. */
    public void climbed(List<Long> alertRows, List<Long> changeRows) {
        if (!alertRows.isEmpty()) {
            pool.preparedQuery("update alert set climb_pending = false where id = any($1)")
                    .execute(Tuple.of(alertRows.toArray(new Long[0]))).await().atMost(WAIT);
        }
        if (!changeRows.isEmpty()) {
            pool.preparedQuery("update alert_change set climb_pending = false where id = any($1)")
                    .execute(Tuple.of(changeRows.toArray(new Long[0]))).await().atMost(WAIT);
        }
    }

    /** Raises an alert here about something a peer sent that this node refused. */
    public void refusedFromPeer(RegionCode peer, String what, String why) {
        alerts.raise(new RiskAlerts.Raise(EventType.SUPERVISION_REFUSED, "supervision.refused", Severity.HIGH, peer.code(),
                what + " from " + peer + " refused: " + why, List.of()), node.clock().instant());
    }

    private static Optional<Climbing> parsed(Row row) {
        try {
            return Optional.of(new Climbing(row.getLong("id"), Signed.parseFrom(row.getBuffer("signed").getBytes())));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Severity> severityOf(int wire) {
        return wire >= 1 && wire <= Severity.values().length ? Optional.of(Severity.values()[wire - 1]) : Optional.empty();
    }

    private AlertView view(Row row) {
        String evidence = row.getString("evidence");
        List<Long> ids = evidence == null || evidence.isBlank() ? List.of()
                : Arrays.stream(evidence.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        String origin = row.getString("origin");
        return new AlertView(row.getString("uid"), origin == null ? node.region().code() : origin, row.getString("kind"),
                Severity.parse(row.getString("severity")).orElse(Severity.MEDIUM), row.getString("subject"), row.getString("detail"),
                ids, instant(row, "raised_at").orElseThrow(), AlertState.parse(row.getString("state")).orElse(AlertState.OPEN),
                Optional.ofNullable(row.getString("acknowledged_by")), instant(row, "acknowledged_at"),
                Optional.ofNullable(row.getString("resolved_by")), instant(row, "resolved_at"),
                Optional.ofNullable(row.getString("note")), Optional.ofNullable(row.getString("received_from")));
    }

    private static Optional<Instant> instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
