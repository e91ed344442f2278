package dev.cascade.node.supervision;

import java.util.EnumMap;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.node.supervision.climb.ReportBook;
import dev.cascade.node.supervision.directive.DirectiveBook;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.protocol.supervision.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Supervision as Prometheus gauges on {@code /q/metrics}: open alerts by severity, directives in
 * force, and per node of the subtree the newest report's figures (age, anchoring lag, certificate
 * days left, disk free, approvals overdue). Refreshed every few seconds on a thread of its own, so a
 * scrape never waits on the database.
 */
@ApplicationScoped
public class SupervisionMetrics {

    private static final Duration FRESH = Duration.ofSeconds(5);

    @Inject
    MeterRegistry registry;
    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    AlertBook alerts;
    @Inject
    DirectiveBook directives;
    @Inject
    ReportBook reports;

    private record Snapshot(Instant at, Map<Severity, Long> open, List<ReportBody> newest) {
    }

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(Instant.EPOCH, Map.of(), List.of()));
    private ScheduledExecutorService timer;
    private final Map<String, Boolean> registered = new ConcurrentHashMap<>();

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-supervision-metrics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 1, FRESH.toSeconds(), TimeUnit.SECONDS);
        for (Severity s : Severity.values()) {
            Gauge.builder("cascade_alerts_open", this, m -> m.snapshot().open().getOrDefault(s, 0L))
                    .tag("severity", s.key()).description("risk alerts held here and not resolved").register(registry);
        }
        Gauge.builder("cascade_directives_in_force", this, m -> m.directives.inForce().size())
                .description("emergency directives holding at this node").register(registry);
        Gauge.builder("cascade_supervision_nodes", this, m -> m.snapshot().newest().size())
                .description("nodes of the subtree (this one included) whose reports reached here").register(registry);
    }

    private Snapshot snapshot() {
        return snapshot.get();
    }

    void refresh() {
        try {
            Map<Severity, Long> open = new EnumMap<>(Severity.class);
            alerts.openBySeverity().forEach(row -> open.put(Severity.values()[(int) row[0]], row[1]));
            List<ReportBody> newest = reports.newestPerRegion().stream().map(ReportBook.Stored::body).toList();
            snapshot.set(new Snapshot(node.clock().instant(), open, newest));
            newest.forEach(r -> perNode(r.getRegion()));
        } catch (RuntimeException e) {
            // the database is away: the gauges keep their last figures, and report age shows it
        }
    }

    /** Gauges of one node of the subtree, registered the first time its report shows. */
    private void perNode(String region) {
        if (registered.putIfAbsent(region, true) != null) {
            return;
        }
        node(region, "cascade_subtree_report_age_seconds", "seconds since the node's newest report ended",
                r -> (node.clock().millis() - r.getPeriodToMs()) / 1000.0);
        node(region, "cascade_subtree_anchoring_lag_seconds", "seconds between the report and the node's newest anchoring",
                r -> r.getHealth().getLedgerAnchoredAtMs() == 0 ? Double.NaN
                        : (r.getPeriodToMs() - r.getHealth().getLedgerAnchoredAtMs()) / 1000.0);
        node(region, "cascade_subtree_certificate_days_left", "days until the node's earliest certificate expiry",
                r -> (r.getHealth().getCertificateExpiresAtMs() - node.clock().millis()) / 86_400_000.0);
        node(region, "cascade_subtree_disk_free_bytes", "free bytes on the node's data disk", r -> r.getHealth().getDiskFreeBytes());
        node(region, "cascade_subtree_database_up", "1 when the node's database answered", r -> r.getHealth().getDatabaseUp() ? 1 : 0);
        node(region, "cascade_subtree_approvals_overdue", "requests past their reply deadline at the node", ReportBody::getApprovalsOverdue);
        node(region, "cascade_subtree_rows_delivered", "rows the node delivered in its newest report's period", ReportBody::getRowsDelivered);
    }

    private void node(String region, String name, String help, ToDoubleFunction<ReportBody> value) {
        Gauge.builder(name, this, m -> m.snapshot().newest().stream().filter(r -> r.getRegion().equals(region)).findFirst()
                        .map(value::applyAsDouble).orElse(Double.NaN))
                .tag("region", region).description(help).register(registry);
    }
}
