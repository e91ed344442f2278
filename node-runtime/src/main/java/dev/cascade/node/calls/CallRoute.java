package dev.cascade.node.calls;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.routing.CallTraffic;
import dev.cascade.node.exchange.routing.FrameRefusals;
import dev.cascade.node.exchange.routing.Hops;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.AnswerBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.proto.exchange.v1.ServiceCall;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Service calls and answers as they arrive over the relay links. A relay checks that the frame
 * comes from the neighbour towards its author and that this node lies on the route, that it passed
 * the grant's request and holds the grant active now, counts it, and hands it on; it cannot read
 * or alter the sealed body (only the two ends hold the call key). The ends take their own frames.
 * All of it runs on the calls' own threads: never on a link's stream thread, never on an exchange lane.
 * Only the owner's last step, shaping and sealing the endpoint's answer, runs where that answer
 * arrived: on an event loop, since it neither blocks nor takes long.
 */
@ApplicationScoped
public class CallRoute implements CallTraffic {

    private static final Logger LOG = Logger.getLogger(CallRoute.class);

    @Inject
    LocalNode node;
    @Inject
    Hops hops;
    @Inject
    GrantStates grants;
    @Inject
    CallUsage usage;
    @Inject
    FrameRefusals refusals;
    @Inject
    OwnerCalls owner;
    @Inject
    ConsumerCalls consumer;

    private final ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            new ThreadFactory() {
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "cascade-calls-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    void stop(@Observes ShutdownEvent stop) {
        workers.shutdownNow();
    }

    @Override
    public void call(RegionCode from, ServiceCall call) {
        run(call.getGrantId(), () -> onCall(from, call));
    }

    @Override
    public void answer(RegionCode from, ServiceAnswer answer) {
        run(answer.getGrantId(), () -> onAnswer(from, answer));
    }

    private void onCall(RegionCode from, ServiceCall call) {
        Optional<RegionCode[]> ends = ends(from, call.getGrantId(), call.getConsumerRegion(), call.getOwnerRegion(), "call");
        if (ends.isEmpty()) {
            return;
        }
        RegionCode consumerRegion = ends.get()[0];
        RegionCode ownerRegion = ends.get()[1];
        if (!hops.arrivesFrom(consumerRegion, from)) {
            refusals.refuse(from, call.getGrantId(), "call " + call.getCallId() + " of grant " + call.getGrantId()
                    + " arrived from " + from + ", which is not the next hop towards its consumer " + consumerRegion);
            return;
        }
        if (ownerRegion.equals(node.region())) {
            owner.arrived(call);
            return;
        }
        Optional<GrantStates.Grant> held = grants.find(call.getGrantId(), ExchangeRole.RELAY);
        if (held.isEmpty() || !held.get().consumer().equals(consumerRegion) || !held.get().owner().equals(ownerRegion)) {
            refuseHere(call, CallOutcome.GRANT_INACTIVE, "no service grant " + call.getGrantId() + " between " + consumerRegion
                    + " and " + ownerRegion + " passed " + node.region());
            return;
        }
        Optional<String> inactive = held.get().inactive(node.clock().instant());
        if (inactive.isPresent()) {
            refuseHere(call, CallOutcome.GRANT_INACTIVE, inactive.get());
            return;
        }
        if (!hops.sendNow(ownerRegion, ExchangeFrame.newBuilder().setCall(call).build())) {
            refuseHere(call, CallOutcome.UNROUTABLE, "no open link from " + node.region() + " towards " + ownerRegion);
            return;
        }
        usage.relayed(call.getGrantId(), false, call.getSealed().size());
    }

    private void onAnswer(RegionCode from, ServiceAnswer answer) {
        Optional<RegionCode[]> ends = ends(from, answer.getGrantId(), answer.getConsumerRegion(), answer.getOwnerRegion(), "answer");
        if (ends.isEmpty()) {
            return;
        }
        RegionCode consumerRegion = ends.get()[0];
        RegionCode author = ends.get()[1];
        if (answer.hasRefused()) {
            try {
                author = RegionCode.parse(answer.getRefusedAt());
            } catch (IllegalArgumentException e) {
                refusals.refuse(from, answer.getGrantId(), "answer to call " + answer.getCallId() + " names no refusing node");
                return;
            }
        }
        if (!hops.arrivesFrom(author, from) || !Routing.onRoute(author, consumerRegion, ends.get()[1])) {
            refusals.refuse(from, answer.getGrantId(), "answer to call " + answer.getCallId() + " of grant " + answer.getGrantId()
                    + " arrived from " + from + ", which is not on its way from " + author);
            return;
        }
        if (consumerRegion.equals(node.region())) {
            consumer.answered(answer);
            return;
        }
        if (hops.sendNow(consumerRegion, ExchangeFrame.newBuilder().setAnswer(answer).build())) {
            usage.relayed(answer.getGrantId(), true, answer.getSealed().size());
        }
    }

    /** The frame's two ends, if they are regions and this node lies on the route between them. */
    private Optional<RegionCode[]> ends(RegionCode from, String grantId, String consumerText, String ownerText, String what) {
        try {
            RegionCode c = RegionCode.parse(consumerText);
            RegionCode o = RegionCode.parse(ownerText);
            if (!Routing.onRoute(node.region(), c, o)) {
                refusals.refuse(from, grantId, what + " of grant " + grantId + " between " + c + " and " + o
                        + " reached " + node.region() + ", which is not on its route");
                return Optional.empty();
            }
            return Optional.of(new RegionCode[] {c, o});
        } catch (IllegalArgumentException e) {
            refusals.refuse(from, grantId, what + " of grant " + grantId + " names no valid regions: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Answers a call this relay stops, in the clear: it holds no call key, and the answer carries no data. */
    void refuseHere(ServiceCall call, CallOutcome outcome, String reason) {
        ServiceAnswer answer = ServiceAnswer.newBuilder().setGrantId(call.getGrantId()).setConsumerRegion(call.getConsumerRegion())
                .setOwnerRegion(call.getOwnerRegion()).setCallId(call.getCallId()).setRefusedAt(node.region().code())
                .setRefused(AnswerBody.newBuilder().setOutcome(outcome).setReason(reason)
                        .setAtMs(node.clock().instant().toEpochMilli())).build();
        hops.sendNow(RegionCode.parse(call.getConsumerRegion()), ExchangeFrame.newBuilder().setAnswer(answer).build());
    }

    private void run(String grantId, Runnable work) {
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "call traffic of grant %s: %s", grantId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("call traffic of grant %s dropped: shutting down", grantId);
        }
    }
}
