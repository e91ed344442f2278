package dev.cascade.node.exchange.source;

import java.util.Optional;

import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A PostgreSQL table read since a mark on its update column: the rows whose value is greater than
 * the mark, in the column's order. The mark travels as text ({@link PgRows#text}, the form rows are
 * delivered in) and is cast back to the column's own type in the statement, so comparisons follow
 * the column's type (time, number, text) and the value is always a parameter, never spliced in.
 * The type comes from the database's catalog ({@code format_type}), never from input. Rows whose
 * update column is null never belong to an increment.
 */
final class PgIncrements {

    private PgIncrements() {
    }

    /** The greatest value of the update column now; empty when no row has one. */
    static Optional<String> markNow(Vertx vertx, PostgresTable config) {
        String sql = "select max(" + column(config) + ") from (" + PgRows.statement(config) + ") as source";
        return PgRows.single(vertx, config, sql, Tuple.tuple(), "reading the update column's greatest value")
                .map(row -> PgRows.text(row.getValue(0)));
    }

    /** Whether any row's update column lies past {@code mark} (one row read at most). */
    static boolean changedSince(Vertx vertx, PostgresTable config, Optional<String> mark) {
        String sql = "select 1 from (" + PgRows.statement(config) + ") as source where " + after(vertx, config, mark) + " limit 1";
        return PgRows.single(vertx, config, sql, args(mark), "looking for changed rows").isPresent();
    }

    /** The rows past {@code mark} in the update column's order. */
    static RowSource readSince(Vertx vertx, PostgresTable config, Optional<String> mark) {
        String sql = "select * from (" + PgRows.statement(config) + ") as source where " + after(vertx, config, mark)
                + " order by " + column(config);
        return PgRows.open(vertx, config, sql, args(mark));
    }

    /** The update column, quoted (validated as an identifier when configured). */
    static String column(PostgresTable config) {
        return '"' + config.updateColumn().orElseThrow(() -> new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED,
                "the source names no update column")) + '"';
    }

    private static String after(Vertx vertx, PostgresTable config, Optional<String> mark) {
        if (mark.isEmpty()) {
            return column(config) + " is not null";
        }
        return column(config) + " > $1::text::" + columnType(vertx, config);
    }

    private static Tuple args(Optional<String> mark) {
        return mark.isEmpty() ? Tuple.tuple() : Tuple.of(mark.get());
    }

    /** The column's declared type as PostgreSQL spells it (quoted where it must be), from its catalog. */
    static String columnType(Vertx vertx, PostgresTable config) {
        String column = config.updateColumn().orElseThrow();
        String table = PgRows.quotedTable(config.table().orElseThrow());
        return PgRows.single(vertx, config, "select format_type(a.atttypid, a.atttypmod) from pg_attribute a"
                        + " where a.attrelid = $1::regclass and a.attname = $2 and a.attnum > 0 and not a.attisdropped",
                        Tuple.of(table, column), "reading the update column's type")
                .map(row -> row.getString(0))
                .orElseThrow(() -> new SourceFailure(SourceFailure.Reason.SCHEMA_MISMATCH, "table " + config.table().orElse("")
                        + " has no column '" + column + "' (its update column)"));
    }
}
