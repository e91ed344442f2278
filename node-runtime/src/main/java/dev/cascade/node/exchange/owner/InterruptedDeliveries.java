package dev.cascade.node.exchange.owner;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.Lanes;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeState;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Deliveries a stop of this node cut short. A grant whose delivery had not begun starts it again.
 * One that had begun cannot be continued: its data key lived only in memory while the chunks were
 * sealed (it is never stored at the owner), so the chunks still to come could not be sealed under
 * the key the consumer already holds; it fails with that reason and its chunks are purged, and the
 * consumer asks again.
 */
@ApplicationScoped
public class InterruptedDeliveries {

    private static final Logger LOG = Logger.getLogger(InterruptedDeliveries.class);

    @Inject
    ExchangeStore store;
    @Inject
    OwnerDesk desk;
    @Inject
    DeliveryPipeline delivery;
    @Inject
    Lanes lanes;

    // After the delivery pipeline's and the lanes' own start (default observer priority and 20).
    void start(@Observes @Priority(3000) StartupEvent start) {
        for (ExchangeRecord r : store.unsealedDeliveries()) {
            lanes.onLane(r.id(), () -> resume(r));
        }
    }

    private void resume(ExchangeRecord r) {
        if (r.state() == ExchangeState.GRANTED && r.hasUpdate()) {
            UpdateBody update;
            GrantBody grant;
            try {
                update = ExchangeWire.update(ByteString.copyFrom(r.updateBody()));
                grant = ExchangeWire.grant(update.getGrant().getBody());
            } catch (ExchangeWire.Malformed e) {
                desk.failed(r.id(), "the owner's own grant is unreadable after a restart: " + e.getMessage());
                return;
            }
            LOG.infof("exchange %s: delivery starts again after a restart", r.id());
            delivery.start(r.id(), grant, update.getGrant());
        } else {
            LOG.infof("exchange %s: delivery was cut short by a restart of this node", r.id());
            desk.failed(r.id(), "the owner node stopped while sealing the delivery; its data key is gone, so the rest"
                    + " cannot be sealed for the key the consumer holds: request again");
        }
    }
}
