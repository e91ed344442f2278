package dev.cascade.node.exchange.source;

import java.util.Optional;
import java.util.function.Supplier;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * One increment of a subscription: the rows changed since the subscription's mark, as any
 * {@link RowSource} gives them (the catalog's fields, in its order), and the mark the rows returned
 * so far reach. The owner records that mark with the increment and moves the subscription to it
 * only when the increment closes, so an increment that fails is read again by the next one.
 */
public final class IncrementRows implements RowSource {

    private final RowSource rows;
    private final Supplier<Optional<String>> reached;

    IncrementRows(RowSource rows, Supplier<Optional<String>> reached) {
        this.rows = rows;
        this.reached = reached;
    }

    @Override
    public RowSchema schema() {
        return rows.schema();
    }

    @Override
    public Optional<Row> next() throws SourceFailure {
        return rows.next();
    }

    /**
     * The mark after the rows returned so far: the next increment starts past it. Empty while it
     * is still the empty mark (no row read since a subscription that started on an empty table).
     */
    public Optional<String> reached() {
        return reached.get();
    }

    @Override
    public void close() {
        rows.close();
    }
}
