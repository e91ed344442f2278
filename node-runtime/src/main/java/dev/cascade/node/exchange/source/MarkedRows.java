package dev.cascade.node.exchange.source;

import java.util.Objects;
import java.util.Optional;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * Rows ordered by an update column, tracking the mark they reach. A delivery may stop before the
 * end (the grant's row limit), possibly inside a run of rows sharing one value; a mark at that value
 * would skip the run's rest for ever. So this reads one row ahead: stopped inside a run, the mark is
 * the value before the run, and the whole run comes again with the next increment (a few rows twice
 * rather than any lost). Only a run longer than the row limit itself cannot be split that way: its
 * rest is passed over, which a column that grows with every write (a sequence, a modification time)
 * never produces.
 */
final class MarkedRows implements RowSource {

    private final RowSource raw;
    private final int column;
    private final Optional<String> start;
    private Optional<Row> ahead;
    private boolean returnedAny;
    private String last;
    private String beforeLast;

    MarkedRows(RowSource raw, String updateColumn, Optional<String> start) {
        this.raw = raw;
        this.column = raw.schema().indexOf(updateColumn).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.SCHEMA_MISMATCH, "the source has no update column '" + updateColumn + "'"));
        this.start = start;
    }

    @Override
    public RowSchema schema() {
        return raw.schema();
    }

    @Override
    public Optional<Row> next() throws SourceFailure {
        if (ahead == null) {
            ahead = raw.next();
        }
        Optional<Row> current = ahead;
        if (current.isEmpty()) {
            return current;
        }
        ahead = raw.next();
        String value = current.get().get(column);
        if (!returnedAny || !Objects.equals(value, last)) {
            beforeLast = returnedAny ? last : null;
            last = value;
        }
        returnedAny = true;
        return current;
    }

    /** The mark the rows returned so far reach; see the class comment. */
    Optional<String> reached() {
        if (!returnedAny) {
            return start;
        }
        boolean stoppedInsideRun = ahead != null && ahead.isPresent() && Objects.equals(ahead.get().get(column), last);
        return Optional.of(stoppedInsideRun && beforeLast != null ? beforeLast : last);
    }

    @Override
    public void close() {
        raw.close();
    }
}
