package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeSpools;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * When a link (re)opens, re-sends what the peer may have missed for every exchange routed over it
 * that is not finished, or finished within the last hour: pending requests and receipts towards the
 * owner, {@code ResumeFrom} for deliveries still coming in, the newest update towards the consumer.
 * Receivers treat all of them idempotently.
 */
@ApplicationScoped
public class LinkUpResend {

    private static final Duration RESEND_WINDOW = Duration.ofHours(1);

    @Inject
    LocalNode node;
    @Inject
    RelayLinks links;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeSpools spools;

    void resendTo(RegionCode peer) {
        RegionCode self = node.region();
        for (ExchangeRecord r : store.inFlight(node.clock().instant().minus(RESEND_WINDOW))) {
            boolean towardsOwner = Routing.nextHop(self, r.owner()).map(peer::equals).orElse(false);
            boolean towardsConsumer = Routing.nextHop(self, r.consumer()).map(peer::equals).orElse(false);
            if (towardsOwner && r.role() != ExchangeRole.OWNER) {
                if (r.state() == ExchangeState.REQUESTED) {
                    links.send(peer, RelayFrames.request(r));
                }
                if (r.receiptBody() != null && r.state() != ExchangeState.CLOSED && r.state() != ExchangeState.CONFIRMED) {
                    links.send(peer, RelayFrames.receipt(r));
                }
                if (r.state() == ExchangeState.DELIVERING && r.receiptBody() == null) {
                    long next = spools.exists(r.id()) ? spools.of(r.id()).next() : 0;
                    links.send(peer, RelayFrames.resume(r.id(), next));
                }
            }
            if (towardsConsumer && r.role() != ExchangeRole.CONSUMER && r.hasUpdate()) {
                links.send(peer, RelayFrames.update(r));
            }
        }
    }
}
