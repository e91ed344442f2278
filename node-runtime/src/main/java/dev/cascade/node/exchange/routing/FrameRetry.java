package dev.cascade.node.exchange.routing;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Severity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends again what an exchange is still waiting to hear answered, until it is: a frame handed to
 * an open link can still be lost beyond it (a hop killed before it recorded the frame, or whose
 * database refused the write), and link-up re-sends only cover links that went down. So each end
 * keeps its own frames going, with a wait that doubles from {@code retry-after} to {@code retry-max}
 * and starts again whenever the exchange moves:
 * <ul>
 * <li>the consumer node: a request no update has answered, a receipt no {@code CLOSED} has, and the
 * finishing of a delivery whose chunks are all held (its first try lost to a kill or a failed write);</li>
 * <li>the owner node: its newest update while the exchange is granted or delivering, and a final
 * update a few times more;</li>
 * <li>every hop still receiving chunks: {@code ResumeFrom} to the hop towards the owner when no
 * chunk came since the last try.</li>
 * </ul>
 * Receivers treat all of them idempotently. What cannot finish ends within {@code close-within}: a
 * request never answered fails at the consumer, a delivery the owner never saw receipted expires
 * there (the owner side), and a hop drops chunks it has held longer than that for an exchange that
 * never reached a final state.
 */
@ApplicationScoped
public class FrameRetry {

    private static final Logger LOG = Logger.getLogger(FrameRetry.class);
    /** A final update is sent again this many times: a lost one would otherwise leave the hops beyond holding data. */
    private static final int FINAL_RESENDS = 3;
    /**
     * Sent this often over a link that is up with no answer, a frame is being withheld or dropped
     * by a node on the route (or it keeps failing): an alert names the exchange and the next hop.
     */
    static final int SUSPECT_AFTER = 5;

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    ExchangeStore store;
    @Inject
    RelayLinks links;
    @Inject
    Hops hops;
    @Inject
    ChunkFlows flows;
    @Inject
    ChunkPurge purge;
    @Inject
    Lanes lanes;
    @Inject
    RiskAlerts alerts;

    /** When to send an exchange's unanswered frame again; {@code mark} is what counts as progress. */
    private record Due(long mark, Instant at, Duration backoff, int sent) {
    }

    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-exchange-retry");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, config.exchange().retryAfter().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void sweep() {
        try {
            Instant now = node.clock().instant();
            Duration closeWithin = config.exchange().closeWithin();
            Set<String> seen = new HashSet<>();
            Duration finalWindow = config.exchange().retryAfter().multipliedBy(2L << FINAL_RESENDS);
            for (ExchangeRecord r : store.awaitingAnswer(now.minus(finalWindow))) {
                String key = r.role().column() + ' ' + r.id();
                seen.add(key);
                switch (r.role()) {
                    case CONSUMER -> consumerEnd(key, r, now, closeWithin);
                    case OWNER -> ownerEnd(key, r, now);
                    case RELAY -> hop(key, r, now, closeWithin);
                }
            }
            due.keySet().retainAll(seen);
        } catch (RuntimeException e) {
            LOG.warnf("re-sending unanswered exchange frames failed: %s", e.getMessage());
        }
    }

    private void consumerEnd(String key, ExchangeRecord r, Instant now, Duration closeWithin) {
        switch (r.state()) {
            case REQUESTED -> {
                if (r.createdAt().isBefore(now.minus(closeWithin))) {
                    due.remove(key);
                    lanes.onLane(r.id(), () -> unanswered(r, closeWithin));
                } else if (isDue(key, 0, now, Integer.MAX_VALUE)) {
                    hops.towards(r.owner(), RelayFrames.request(r));
                    suspect(key, r, r.owner(), "the request");
                }
            }
            case DELIVERING -> {
                if (!flows.holdsAllUnfinished(r.id())) {
                    stalled(key, r, now);
                } else if (isDue(key, -1, now, Integer.MAX_VALUE)) {
                    flows.finishHeld(r.id());
                }
            }
            case DELIVERED -> {
                if (r.receiptBody() != null && isDue(key, 0, now, Integer.MAX_VALUE)) {
                    hops.towards(r.owner(), RelayFrames.receipt(r));
                    suspect(key, r, r.owner(), "the receipt");
                }
            }
            default -> due.remove(key);
        }
    }

    private void ownerEnd(String key, ExchangeRecord r, Instant now) {
        if (!r.hasUpdate() || r.state() == ExchangeState.PENDING_APPROVAL) {
            // Waiting for the approver says nothing new; the consumer's re-sent request fetches it.
            due.remove(key);
            return;
        }
        // A standing grant is answered by use, not by a receipt: its updates go a few times, then on link-up only.
        boolean finished = r.state().terminal() || r.state() == ExchangeState.CLOSED || r.standing();
        if (isDue(key, r.updateSeq(), now, finished ? FINAL_RESENDS : Integer.MAX_VALUE)) {
            // No suspicion here: a long delivery leaves the update unanswered for as long as it
            // runs; the consumer's stalled flow or unanswered request shows a withholding hop.
            hops.towards(r.consumer(), RelayFrames.update(r));
        }
    }

    private void hop(String key, ExchangeRecord r, Instant now, Duration closeWithin) {
        if (r.state() != ExchangeState.DELIVERING || r.purgedAt() != null || r.receiptBody() != null) {
            due.remove(key);
            return;
        }
        if (r.updatedAt().isBefore(now.minus(closeWithin).minus(config.exchange().retryMax()))) {
            due.remove(key);
            lanes.onLane(r.id(), () -> purge.purge(r.id(), "held longer than " + closeWithin
                    + " without the exchange reaching a final state"));
            return;
        }
        stalled(key, r, now);
    }

    /** A flow this node is still receiving that has not moved since the last look is asked for again. */
    private void stalled(String key, ExchangeRecord r, Instant now) {
        if (Routing.nextHop(node.region(), r.owner()).isEmpty()) {
            return;
        }
        OptionalLong next = flows.receiving(r.id());
        if (next.isPresent() && isDue(key, next.getAsLong(), now, Integer.MAX_VALUE)) {
            flows.reask(r.id());
            suspect(key, r, r.owner(), "the request for chunk " + next.getAsLong());
        }
    }

    /** After a re-send: the one that makes a frame suspect raises the alert, once per exchange and frame. */
    private void suspect(String key, ExchangeRecord r, RegionCode towards, String what) {
        Due d = due.get(key);
        RegionCode next = Routing.nextHop(node.region(), towards).orElse(null);
        if (d == null || d.sent() != SUSPECT_AFTER || next == null || !links.connected(next)) {
            return;
        }
        String detail = what + " of exchange " + r.id() + " was sent " + SUSPECT_AFTER + " times to " + next
                + " over a link that is up, with no answer: a node on the route towards " + towards
                + " withholds or drops it, or keeps failing";
        LOG.warn(detail);
        lanes.onLane(r.id(), () -> alerts.raise(new RiskAlerts.Raise(EventType.EXCHANGE_WITHHELD, "exchange.withheld",
                Severity.HIGH, r.id(), detail, List.of()), node.clock().instant()));
    }

    /** The consumer's request that nothing answered within the bound: it ends here, with why. */
    private void unanswered(ExchangeRecord r, Duration closeWithin) {
        boolean moved = store.move(r.id(), ExchangeRole.CONSUMER, ExchangeState.REQUESTED, ExchangeState.FAILED,
                "no answer from " + r.owner() + " within " + closeWithin + "; the request was sent again until then",
                ExchangeStore.Changes.none(), node.clock().instant());
        if (moved) {
            LOG.infof("exchange %s failed at %s: no answer from %s within %s", r.id(), node.region(), r.owner(), closeWithin);
        }
    }

    /**
     * Whether the frame waiting under {@code key} is due now. A new {@code mark} (the exchange moved)
     * starts the wait again; each send doubles it, up to {@code retry-max}, at most {@code limit} sends.
     */
    private boolean isDue(String key, long mark, Instant now, int limit) {
        Duration first = config.exchange().retryAfter();
        Due d = due.get(key);
        if (d == null || d.mark() != mark) {
            due.put(key, new Due(mark, now.plus(first), first, 0));
            return false;
        }
        if (now.isBefore(d.at()) || d.sent() >= limit) {
            return false;
        }
        Duration wait = d.backoff().multipliedBy(2);
        if (wait.compareTo(config.exchange().retryMax()) > 0) {
            wait = config.exchange().retryMax();
        }
        due.put(key, new Due(mark, now.plus(wait), wait, d.sent() + 1));
        return true;
    }
}
