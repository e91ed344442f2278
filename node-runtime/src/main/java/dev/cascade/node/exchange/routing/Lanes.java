package dev.cascade.node.exchange.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * A few single-threaded executors for exchange work, one exchange always on the same lane: its
 * frames and follow-ups are handled in the order they arrived, different exchanges side by side.
 */
@ApplicationScoped
public class Lanes {

    private static final Logger LOG = Logger.getLogger(Lanes.class);
    private static final int LANES = 8;

    private final ExecutorService[] lanes = new ExecutorService[LANES];

    void open() {
        for (int i = 0; i < LANES; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cascade-exchange-lane-" + lane);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void close() {
        for (ExecutorService lane : lanes) {
            if (lane != null) {
                lane.shutdownNow();
            }
        }
    }

    /** Runs work for one exchange on its lane: its frames are handled in the order they arrived. */
    public void onLane(String exchangeId, Runnable work) {
        lanes[Math.floorMod(exchangeId.hashCode(), LANES)].execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "exchange %s: %s", exchangeId, e.getMessage());
            }
        });
    }

    /** Runs work that concerns a link rather than one exchange (its re-sends) on the first lane; it handles its own failures. */
    void onFirstLane(Runnable work) {
        lanes[0].execute(work);
    }
}
