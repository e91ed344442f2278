package dev.cascade.node.supervision.climb;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.node.supervision.rules.CatalogWithholding;
import dev.cascade.node.supervision.signed.SignedBodies;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.proto.supervision.v1.SupervisionAck;
import dev.cascade.proto.supervision.v1.SupervisionUp;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.SupervisionSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a direct child sent up: each report, alert and change is checked (signed by the node it
 * names, which lies in that child's subtree) and stored once; then the batch is acknowledged.
 * Anything refused is refused for good and raises an alert here, naming the child it came from.
 */
@ApplicationScoped
public class SubtreeIntake {

    private static final Logger LOG = Logger.getLogger(SubtreeIntake.class);

    @Inject
    LocalNode node;
    @Inject
    LinkHub links;
    @Inject
    SignedBodies signing;
    @Inject
    AlertBook alerts;
    @Inject
    ReportBook reports;
    @Inject
    CatalogWithholding catalog;

    public void fromChild(RegionCode child, SupervisionUp up) {
        List<String> refused = new ArrayList<>();
        boolean climbs = node.settings().parentRegion().isPresent();
        for (Signed report : up.getReportsList()) {
            report(child, report, climbs).ifPresent(refused::add);
        }
        for (Signed alert : up.getAlertsList()) {
            alerts.receive(child, alert).ifPresent(refused::add);
        }
        for (Signed change : up.getChangesList()) {
            alerts.receiveChange(child, change).ifPresent(refused::add);
        }
        links.sendToChild(child, LinkMessage.newBuilder().setSupervisionAck(SupervisionAck.newBuilder().setBatch(up.getBatch()))
                .build());
        if (!refused.isEmpty()) {
            LOG.warnf("supervision traffic from %s refused: %s", child, refused);
            alerts.refusedFromPeer(child, refused.size() + " supervision item(s)", String.join("; ", refused));
        }
    }

    private Optional<String> report(RegionCode child, Signed signed, boolean climbs) {
        var opened = signing.open(signed, SupervisionSignatures.Kind.REPORT, ReportBody::parseFrom, ReportBody::getRegion);
        if (opened instanceof SignedBodies.Refused<ReportBody> r) {
            return Optional.of("report refused: " + r.reason());
        }
        var authentic = (SignedBodies.Authentic<ReportBody>) opened;
        if (!child.covers(authentic.author())) {
            return Optional.of("report of " + authentic.author() + " cannot come from " + child + ": not in its subtree");
        }
        ReportBody body = authentic.body();
        if (body.getPeriodToMs() <= body.getPeriodFromMs()) {
            return Optional.of("report of " + authentic.author() + " has an empty or reversed period");
        }
        reports.store(body, signed, Optional.of(child.code()), climbs, node.clock().instant());
        catalog.reported(child, authentic.author(), body);
        return Optional.empty();
    }
}
