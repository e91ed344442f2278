package dev.cascade.node.supervision.climb;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.proto.supervision.v1.SupervisionUp;
import dev.cascade.proto.tier.v1.LinkMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends what waits to climb (alerts, alert changes, reports) to the parent, a batch at a time, and
 * marks it climbed only when the parent acknowledges the batch: a batch lost with a link, or with
 * a killed parent, is sent again (the parent stores each item once). What waits is in the
 * database, so a restart loses nothing either.
 */
@ApplicationScoped
public class Uplink {

    private static final Logger LOG = Logger.getLogger(Uplink.class);
    /** Items per batch, so that a backlog (after a long outage) goes up in messages of bounded size. */
    static final int BATCH = 200;

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    LinkHub links;
    @Inject
    AlertBook alerts;
    @Inject
    ReportBook reports;

    /** The batch sent and not yet acknowledged. */
    private record Sent(long batch, Instant at, List<AlertBook.Climbing> alerts, List<AlertBook.Climbing> changes,
                        List<ReportBook.Stored> reports) {
    }

    private volatile Sent outstanding;
    private String lastFailure;
    private long nextBatch = System.currentTimeMillis();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent start) {
        if (node.settings().parentRegion().isEmpty()) {
            return; // national: nothing above it
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-supervision-uplink");
            t.setDaemon(true);
            return t;
        });
        long every = config.supervision().climbEvery().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    synchronized void tick() {
        try {
            Instant now = node.clock().instant();
            Sent waiting = outstanding;
            if (waiting != null && waiting.at().plus(config.supervision().ackWithin()).isAfter(now)) {
                return;
            }
            List<AlertBook.Climbing> a = alerts.climbingAlerts(BATCH);
            List<AlertBook.Climbing> c = alerts.climbingChanges(BATCH);
            List<ReportBook.Stored> r = reports.climbing(BATCH);
            lastFailure = null;
            if (a.isEmpty() && c.isEmpty() && r.isEmpty()) {
                outstanding = null;
                return;
            }
            long batch = ++nextBatch;
            SupervisionUp.Builder up = SupervisionUp.newBuilder().setBatch(batch);
            a.forEach(x -> up.addAlerts(x.signed()));
            c.forEach(x -> up.addChanges(x.signed()));
            r.forEach(x -> up.addReports(x.signed()));
            outstanding = new Sent(batch, now, a, c, r);
            if (!links.sendToParent(LinkMessage.newBuilder().setSupervision(up).build())) {
                outstanding = null; // no parent link now: try again on the next tick
            }
        } catch (RuntimeException e) {
            // Every 250 ms while the database is away: said once per distinct cause, not four times a second.
            String why = String.valueOf(e.getMessage());
            if (!why.equals(lastFailure)) {
                LOG.warnf("sending supervision traffic to the parent failed; it stays queued: %s", why);
            } else {
                LOG.debugf("sending supervision traffic to the parent still fails: %s", why);
            }
            lastFailure = why;
        }
    }

    /** The parent stored batch {@code batch}: its items climb no more from here, and the next batch may go. */
    public void acknowledged(long batch) {
        Sent sent = outstanding;
        if (sent == null || sent.batch() != batch) {
            return;
        }
        try {
            alerts.climbed(sent.alerts().stream().map(AlertBook.Climbing::row).toList(),
                    sent.changes().stream().map(AlertBook.Climbing::row).toList());
            reports.climbed(sent.reports());
            outstanding = null;
        } catch (RuntimeException e) {
            LOG.warnf("recording the parent's acknowledgement failed; the batch goes again: %s", e.getMessage());
        }
        if (timer != null) {
            timer.execute(this::tick);
        }
    }
}
