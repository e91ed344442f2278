package dev.cascade.node.supervision.api;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.node.supervision.climb.ReportBook;
import dev.cascade.node.supervision.directive.DirectiveBook;
import dev.cascade.proto.supervision.v1.Health;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.protocol.supervision.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subtree as this node sees it: for itself and every node below it, the newest signed report
 * (health and the figures of its last period), whether that report is stale, and the alerts and
 * directives held here. Reports only climb, so no sibling subtree ever shows.
 */
@ApplicationScoped
public class SubtreeSummary {

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    ReportBook reports;
    @Inject
    AlertBook alerts;
    @Inject
    DirectiveBook directives;

    public Map<String, Object> now() {
        Instant now = node.clock().instant();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (ReportBook.Stored s : reports.newestPerRegion()) {
            nodes.add(node(s.body(), now));
        }
        Map<String, Long> open = new LinkedHashMap<>();
        for (long[] bySeverity : alerts.openBySeverity()) {
            open.put(Severity.values()[(int) bySeverity[0]].key(), bySeverity[1]);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node.region().code());
        out.put("at", now.toString());
        out.put("nodes", nodes);
        out.put("openAlerts", open);
        out.put("directivesInForce", directives.all().stream().filter(v -> v.liftedBy().isEmpty()).count());
        return out;
    }

    private Map<String, Object> node(ReportBody r, Instant now) {
        Instant to = Instant.ofEpochMilli(r.getPeriodToMs());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", r.getRegion());
        m.put("reportedAt", to.toString());
        // Three missed reports: the node, its link or a hop on the way is down.
        m.put("stale", to.plus(config.supervision().reportEvery().multipliedBy(3)).isBefore(now));
        Health h = r.getHealth();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("links", h.getLinksList().stream().map(l -> Map.of("region", l.getRegion(), "role", l.getRole(),
                "state", l.getState(), "lastHeartbeat", Instant.ofEpochMilli(l.getLastHeartbeatMs()).toString())).toList());
        health.put("certificateExpiresAt", Instant.ofEpochMilli(h.getCertificateExpiresAtMs()).toString());
        health.put("ledgerSize", h.getLedgerSize());
        health.put("ledgerAnchoredSize", h.getLedgerAnchoredSize());
        health.put("anchoringLagSeconds", h.getLedgerAnchoredAtMs() == 0 ? null
                : Math.max(0, (r.getPeriodToMs() - h.getLedgerAnchoredAtMs()) / 1000));
        health.put("databaseUp", h.getDatabaseUp());
        health.put("diskFreeBytes", h.getDiskFreeBytes());
        health.put("diskTotalBytes", h.getDiskTotalBytes());
        m.put("health", health);
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", Instant.ofEpochMilli(r.getPeriodFromMs()).toString());
        period.put("to", to.toString());
        period.put("exchanges", r.getExchangesList().stream().map(e -> Map.of("role", e.getRole(), "state", e.getState(),
                "level", e.getLevel(), "sharingType", e.getSharingType(), "count", e.getCount())).toList());
        period.put("rowsDelivered", r.getRowsDelivered());
        period.put("bytesDelivered", r.getBytesDelivered());
        period.put("approvalsPending", r.getApprovalsPending());
        period.put("approvalsOverdue", r.getApprovalsOverdue());
        Map<String, Long> refusals = new LinkedHashMap<>();
        r.getRefusalsList().forEach(c -> refusals.put(c.getReason(), c.getCount()));
        period.put("refusals", refusals);
        Map<String, Long> open = new LinkedHashMap<>();
        r.getOpenAlertsList().forEach(c -> open.put(c.getReason(), c.getCount()));
        period.put("openAlerts", open);
        m.put("lastPeriod", period);
        return m;
    }
}
