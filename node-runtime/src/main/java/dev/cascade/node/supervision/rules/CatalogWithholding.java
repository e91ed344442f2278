package dev.cascade.node.supervision.rules;

import dev.cascade.node.catalog.CatalogPositions;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.proto.supervision.v1.CatalogHead;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Severity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Notices a hop that withholds catalog changes. A descendant's signed report states the newest
 * change it issued per scope; the relays cannot alter it. When this node still has not applied
 * the one it may see {@code cascade.supervision.catalog-withheld-after} after the report reached
 * it, a node between the two keeps it back (or keeps failing to pass it on): a high
 * {@code catalog.withheld} alert about the child it comes through, once per unmet claim.
 */
@ApplicationScoped
public class CatalogWithholding {

    public static final String RULE = "catalog.withheld";

    private static final Logger LOG = Logger.getLogger(CatalogWithholding.class);

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    CatalogPositions positions;
    @Inject
    RiskAlerts alerts;

    private CatalogClaims claims;

    @PostConstruct
    void init() {
        claims = new CatalogClaims(config.supervision().catalogWithheldAfter());
    }

    /** A verified report of {@code origin}, a descendant, that reached this node through its child {@code via}. */
    public void reported(RegionCode via, RegionCode origin, ReportBody report) {
        try {
            long claimed = visibleHead(origin, report);
            if (claimed == 0 && !claims.pending(origin)) {
                return;
            }
            Instant now = node.clock().instant();
            claims.observe(origin, via, claimed, positions.appliedThrough(origin.code()), now)
                    .ifPresent(withheld -> raise(withheld, report));
        } catch (RuntimeException e) {
            // A comparison that failed (database down) is made again with the origin's next report.
            LOG.debugf("catalog position of %s not compared: %s", origin, e.getMessage());
        }
    }

    /** The newest change of the origin's own that this node may list, by the report's heads (0: none). */
    private long visibleHead(RegionCode origin, ReportBody report) {
        long head = 0;
        for (CatalogHead h : report.getCatalogHeadsList()) {
            Scope scope;
            try {
                scope = Scope.fromWire(h.getScope());
            } catch (IllegalArgumentException unknown) {
                continue; // a scope this node does not know cannot be one it sees
            }
            if (scope.visibleAt(origin, node.region())) {
                head = Math.max(head, h.getSeq());
            }
        }
        return head;
    }

    private void raise(CatalogClaims.Withheld w, ReportBody report) {
        Duration waited = Duration.between(w.since(), node.clock().instant()).withNanos(0);
        String detail = "catalog changes of " + w.origin() + " do not arrive: its signed report of "
                + Instant.ofEpochMilli(report.getPeriodToMs()) + " says it issued change " + w.claimed()
                + " that this node may list, and this node has applied through " + w.applied() + " " + waited
                + " after first learning of it; they come through " + w.via()
                + ", so a node on that path withholds or drops them, or keeps failing to pass them on";
        LOG.warn(detail);
        alerts.raise(new RiskAlerts.Raise(EventType.CATALOG_WITHHELD, RULE, Severity.HIGH, w.via().code(), detail, List.of()),
                node.clock().instant());
    }
}
