package dev.cascade.node.exchange.source;

import java.util.Optional;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * An open, blocking reader of one resource's rows: its {@link #schema()}, then rows one at a time
 * until {@link #next()} is empty. It holds a file, an HTTP response or a database connection, so
 * it must be closed (try-with-resources), also after a failure. Run it on a worker thread: every
 * call may block on I/O.
 *
 * <p>A source never loads its whole content: it keeps at most one batch (a PostgreSQL fetch) or
 * one record in memory. A failure is a {@link SourceFailure} at the row that caused it; rows
 * returned before it may not be delivered alone (the pipeline discards them).
 */
public interface RowSource extends AutoCloseable {

    /** The columns of every row this source returns, in order. */
    RowSchema schema();

    /** The next row, or empty at the end of the source. */
    Optional<Row> next() throws SourceFailure;

    /** Releases the file, response or connection; never throws. */
    @Override
    void close();
}
