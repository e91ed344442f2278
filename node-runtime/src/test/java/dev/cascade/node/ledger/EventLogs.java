package dev.cascade.node.ledger;

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
}
