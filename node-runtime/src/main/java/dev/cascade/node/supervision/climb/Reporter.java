package dev.cascade.node.supervision.climb;

import dev.cascade.node.anchoring.LedgerAnchoring;
import dev.cascade.node.catalog.CatalogPositions;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.LedgerStatus;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.storage.DatabaseSupervisor;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.node.supervision.reports.ComplianceCounter;
import dev.cascade.node.supervision.signed.SignedBodies;
import dev.cascade.proto.supervision.v1.CatalogHead;
import dev.cascade.proto.supervision.v1.ExchangeCount;
import dev.cascade.proto.supervision.v1.Health;
import dev.cascade.proto.supervision.v1.LinkHealth;
import dev.cascade.proto.supervision.v1.ReasonCount;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.protocol.supervision.SupervisionSignatures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes this node's signed report every {@code cascade.supervision.report-every}: health now, and
 * what happened since the previous report. Periods follow each other without gap or overlap, from
 * where the last stored one ended (also across restarts). The report climbs with the rest
 * ({@link Uplink}).
 */
@ApplicationScoped
public class Reporter {

    private static final Logger LOG = Logger.getLogger(Reporter.class);

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    LinkHub links;
    @Inject
    LedgerAnchoring anchoring;
    @Inject
    ReportFigures figures;
    @Inject
    ReportBook reports;
    @Inject
    AlertBook alerts;
    @Inject
    SignedBodies signing;
    @Inject
    ComplianceCounter compliance;
    @Inject
    CatalogPositions catalog;

    private final AtomicLong seq = new AtomicLong();
    private volatile Instant periodStart;
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-supervision-report");
            t.setDaemon(true);
            return t;
        });
        long every = config.supervision().reportEvery().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void tick() {
        try {
            report(node.clock().instant());
        } catch (RuntimeException e) {
            LOG.warnf("writing the supervision report failed; the next one covers the period: %s", e.getMessage());
        }
    }

    /** Writes the report of the period ending {@code now}; returns it. */
    public Signed report(Instant now) {
        Instant from = periodStart;
        if (from == null) {
            from = reports.lastOwnPeriodEnd(node.region().code()).filter(t -> t.isBefore(now)).orElse(node.startedAt());
        }
        if (!from.isBefore(now)) {
            from = now.minusMillis(1);
        }
        ReportBody body = build(from, now);
        Signed signed = signing.sign(SupervisionSignatures.Kind.REPORT, body.toByteArray());
        reports.store(body, signed, Optional.empty(), node.settings().parentRegion().isPresent(), now);
        periodStart = now;
        return signed;
    }

    ReportBody build(Instant from, Instant to) {
        ReportFigures.Period period = figures.of(from, to);
        long[] approvals = figures.approvals(to);
        ReportBody.Builder body = ReportBody.newBuilder().setRegion(node.region().code()).setSeq(seq.incrementAndGet())
                .setPeriodFromMs(from.toEpochMilli()).setPeriodToMs(to.toEpochMilli()).setHealth(health(to))
                .setRowsDelivered(period.rowsDelivered()).setBytesDelivered(period.bytesDelivered())
                .setApprovalsPending((int) approvals[0]).setApprovalsOverdue((int) approvals[1]);
        period.exchanges().forEach((k, n) -> body.addExchanges(ExchangeCount.newBuilder().setRole(k.role()).setState(k.state())
                .setLevel(k.level()).setSharingType(k.sharingType()).setCount(n)));
        period.refusals().forEach((reason, n) -> body.addRefusals(ReasonCount.newBuilder().setReason(reason).setCount(n)));
        for (long[] open : alerts.openBySeverity()) {
            body.addOpenAlerts(ReasonCount.newBuilder().setReason(Severity.values()[(int) open[0]].key()).setCount(open[1]));
        }
        body.addAllCompliance(compliance.compliance(from, to));
        catalog.ownHeads(node.region().code())
                .forEach((scope, seq) -> body.addCatalogHeads(CatalogHead.newBuilder().setScope(scope.wire()).setSeq(seq)));
        return body.build();
    }

    private Health health(Instant now) {
        Health.Builder h = Health.newBuilder()
                .setCertificateExpiresAtMs(node.credentials().earliestExpiry().toEpochMilli())
                .setDatabaseUp(DatabaseSupervisor.current().map(s -> s.health().up()).orElse(true));
        links.parentView().ifPresent(p -> h.addLinks(link(p, "parent")));
        links.childViews().forEach(c -> h.addLinks(link(c, "child")));
        LedgerStatus ledger = anchoring.view();
        h.setLedgerSize(ledger.treeSize()).setLedgerAnchoredSize(ledger.anchoredSize() == null ? 0 : ledger.anchoredSize())
                .setLedgerAnchoredAtMs(ledger.anchoredAt() == null ? 0 : ledger.anchoredAt().toEpochMilli());
        try {
            FileStore disk = Files.getFileStore(config.dataDir());
            h.setDiskFreeBytes(disk.getUsableSpace()).setDiskTotalBytes(disk.getTotalSpace());
        } catch (IOException e) {
            LOG.debugf("disk space of %s unknown: %s", config.dataDir(), e.getMessage());
        }
        return h.build();
    }

    private static LinkHealth link(LinkHub.PeerLinkView view, String role) {
        return LinkHealth.newBuilder().setRegion(view.region().code()).setRole(role).setState(view.state().name())
                .setLastHeartbeatMs(view.lastHeartbeat().map(Instant::toEpochMilli).orElse(0L)).build();
    }
}
