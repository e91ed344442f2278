package dev.cascade.node.exchange.routing;

import com.google.protobuf.ByteString;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.SignedHalt;
import dev.cascade.proto.exchange.v1.SignedUnroutable;
import dev.cascade.protocol.region.RegionCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Takes the relay links' traffic and gives each frame to its handler: requests, updates, receipts
 * and unroutable notices on their exchange's lane, so one exchange's frames are handled in the
 * order they arrived; chunks and resumes on the receiving stream's thread, where they are spooled
 * and pumped on. A link that pushed back and is ready again lets its flows go on; a link that
 * (re)opens gets what it may have missed.
 */
@ApplicationScoped
public class ExchangeRouter implements RelayLinks.Listener {

    private static final Logger LOG = Logger.getLogger(ExchangeRouter.class);

    @Inject
    RelayLinks links;
    @Inject
    Lanes lanes;
    @Inject
    RequestArrivals requests;
    @Inject
    UpdateArrivals updates;
    @Inject
    ReceiptArrivals receipts;
    @Inject
    UnroutableArrivals unroutables;
    @Inject
    HaltArrivals halts;
    @Inject
    ChunkFlows flows;
    @Inject
    LinkUpResend resend;
    @Inject
    FrameRefusals refusals;
    @Inject
    CallTraffic calls;

    void start(@Observes @Priority(20) StartupEvent start) {
        lanes.open();
        links.listen(this);
    }

    void stop(@Observes ShutdownEvent stop) {
        lanes.close();
    }

    @Override
    public void received(RegionCode peer, ExchangeFrame frame) {
        switch (frame.getKindCase()) {
            case REQUEST -> {
                SignedRequest r = frame.getRequest();
                lanes.onLane(laneKey(r.getBody()), () -> requests.onRequest(peer, r));
            }
            case UPDATE -> {
                SignedUpdate u = frame.getUpdate();
                lanes.onLane(laneKey(u.getBody()), () -> updates.onUpdate(peer, u));
            }
            case RECEIPT -> {
                SignedReceipt r = frame.getReceipt();
                lanes.onLane(laneKey(r.getBody()), () -> receipts.onReceipt(peer, r));
            }
            case CHUNK -> flows.onChunk(peer, frame.getChunk());
            case RESUME -> flows.onResume(peer, frame.getResume());
            case UNROUTABLE -> {
                SignedUnroutable u = frame.getUnroutable();
                lanes.onLane(laneKey(u.getBody()), () -> unroutables.onUnroutable(peer, u));
            }
            case HALT -> {
                SignedHalt h = frame.getHalt();
                lanes.onLane(laneKey(h.getBody()), () -> halts.onHalt(peer, h));
            }
            case CALL -> calls.call(peer, frame.getCall());
            case ANSWER -> calls.answer(peer, frame.getAnswer());
            default -> refusals.refuse(peer, "-", "frame of unknown kind " + frame.getKindCase());
        }
    }

    /**
     * The exchange id a message body starts with (field 1, 36 characters: tag 0x0a, length 36), read
     * without parsing on the stream thread, so that every frame and every follow-up of one exchange
     * runs on the same lane. A body of another shape still gets a lane; its handler refuses it.
     */
    private static String laneKey(ByteString body) {
        if (body.size() >= 38 && body.byteAt(0) == 0x0a && body.byteAt(1) == 36) {
            return body.substring(2, 38).toStringUtf8();
        }
        return body.substring(0, Math.min(body.size(), 40)).toStringUtf8();
    }

    @Override
    public void ready(RegionCode peer) {
        flows.ready(peer);
    }

    @Override
    public void linkUp(RegionCode peer) {
        lanes.onFirstLane(() -> {
            try {
                resend.resendTo(peer);
            } catch (RuntimeException e) {
                LOG.warnf(e, "re-sending exchange frames to %s failed: %s", peer, e.getMessage());
            }
        });
    }
}
