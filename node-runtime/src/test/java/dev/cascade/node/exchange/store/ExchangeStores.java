package dev.cascade.node.exchange.store;

import dev.cascade.node.ledger.EventLogs;
import io.vertx.mutiny.sqlclient.Pool;

/** Test-only: an {@link ExchangeStore} outside CDI, on the given pool. */
public final class ExchangeStores {

    private ExchangeStores() {
    }

    public static ExchangeStore on(Pool pool) {
        ExchangeStore s = new ExchangeStore();
        s.pool = pool;
        s.events = EventLogs.on(pool);
        s.init();
        return s;
    }
}
