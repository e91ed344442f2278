package dev.cascade.node.ledger;

import dev.cascade.node.identity.LocalNode;
import io.vertx.mutiny.sqlclient.Pool;

/** Test-only: an {@link EventLog} outside CDI, reading and writing through the given pool. */
public final class EventLogs {

    private EventLogs() {
    }

    public static EventLog on(Pool pool) {
        EventLog log = new EventLog();
        log.pool = pool;
        return log;
    }

    /** As above, stamping entries with the node's clock. */
    public static EventLog on(Pool pool, LocalNode node) {
        EventLog log = on(pool);
        log.node = node;
        return log;
    }
}
