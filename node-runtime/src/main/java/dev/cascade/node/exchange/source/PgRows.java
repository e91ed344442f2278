package dev.cascade.node.exchange.source;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.PreparedStatement;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.data.Numeric;

/**
 * Rows of a provider's PostgreSQL table, view or fixed query, read through a cursor
 * {@value #FETCH} rows at a time inside a read-only transaction: the provider's query cannot
 * write, and a table of any size never sits in memory.
 *
 * <p>Values become text once, here, the same way for every exchange:
 * <ul>
 * <li>null → null; text types as they are; booleans {@code true}/{@code false};</li>
 * <li>integers and {@code numeric} in plain notation ({@code 12345678901234567890.5}, never an
 *     exponent); {@code real}/{@code double precision} likewise, NaN and ±Infinity by name;</li>
 * <li>{@code date} {@code 2026-11-01}; {@code time} {@code 08:30:00}; {@code timestamp}
 *     {@code 2026-11-01T08:30:00}; {@code timestamptz} in UTC, {@code 2026-11-01T00:30:00Z}
 *     (fractions of a second only when present);</li>
 * <li>{@code bytea} as PostgreSQL's hex form {@code \x0a1b…}; {@code json}/{@code jsonb} and
 *     arrays as compact JSON; anything else as the driver's text form.</li>
 * </ul>
 */
final class PgRows {

    static final int FETCH = 1000;
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private PgRows() {
    }

    /** The statement that reads the source: the table quoted, or the provider's query as written. */
    static String statement(PostgresTable config) {
        if (config.table().isPresent()) {
            return "select * from " + quotedTable(config.table().get());
        }
        return config.query().orElseThrow();
    }

    /** A table name quoted part by part. */
    static String quotedTable(String table) {
        StringJoiner quoted = new StringJoiner(".");
        for (String part : table.split("\\.")) {
            // The identifier was validated (no quotes); quoting keeps its case and any non-ASCII letters.
            quoted.add('"' + part + '"');
        }
        return quoted.toString();
    }

    /** The source's columns, from the result metadata of a query that returns no rows. */
    static List<String> probe(Vertx vertx, PostgresTable config) {
        PgConnection connection = connect(vertx, config);
        try {
            RowSet<io.vertx.mutiny.sqlclient.Row> none = await(connection.query("select * from (" + statement(config)
                    + ") as source limit 0").execute(), config, "probing");
            return none.columnsNames() == null ? List.of() : List.copyOf(none.columnsNames());
        } finally {
            closeQuietly(connection.close(), config);
        }
    }

    static RowSource open(Vertx vertx, PostgresTable config) {
        return open(vertx, config, statement(config), Tuple.tuple());
    }

    /** Rows of {@code sql} (a statement over the source) with {@code args}, read as {@link #open(Vertx, PostgresTable)} reads. */
    static RowSource open(Vertx vertx, PostgresTable config, String sql, Tuple args) {
        PgConnection connection = connect(vertx, config);
        try {
            Transaction tx = await(connection.begin(), config, "starting a transaction");
            await(connection.query("set transaction read only").execute(), config, "starting a transaction");
            PreparedStatement statement = await(connection.prepare(sql), config, "preparing the query");
            Cursor cursor = statement.cursor(args);
            RowSet<io.vertx.mutiny.sqlclient.Row> first = await(cursor.read(FETCH), config, "reading");
            return new CursorSource(connection, tx, cursor, first, config);
        } catch (RuntimeException e) {
            closeQuietly(connection.close(), config);
            throw e;
        }
    }

    /** The one row of a short read-only {@code sql} with {@code args} (a check or a maximum), or empty when it returns none. */
    static Optional<io.vertx.mutiny.sqlclient.Row> single(Vertx vertx, PostgresTable config, String sql, Tuple args,
                                                          String doing) {
        PgConnection connection = connect(vertx, config);
        try {
            RowSet<io.vertx.mutiny.sqlclient.Row> rows = await(connection.preparedQuery(sql).execute(args), config, doing);
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        } finally {
            closeQuietly(connection.close(), config);
        }
    }

    static PgConnection connect(Vertx vertx, PostgresTable config) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(config.host()).setPort(config.port()).setDatabase(config.database())
                .setUser(config.user()).setPassword(config.password())
                .setConnectTimeout((int) config.timeout().toMillis())
                .setReconnectAttempts(0);
        switch (config.sslMode()) {
            case DISABLE -> options.setSslMode(SslMode.DISABLE);
            // libpq's require: encrypted, certificate not checked.
            case REQUIRE -> options.setSslMode(SslMode.REQUIRE).setTrustAll(true);
            case VERIFY_FULL -> options.setSslMode(SslMode.VERIFY_FULL).setHostnameVerificationAlgorithm("HTTPS");
        }
        return await(PgConnection.connect(vertx, options), config, "connecting");
    }

    private static <T> T await(Uni<T> work, PostgresTable config, String doing) {
        try {
            return work.await().atMost(config.timeout());
        } catch (TimeoutException e) {
            throw SourceFailure.unreachable(where(config) + " did not answer within " + config.timeout().toSeconds()
                    + " s while " + doing, e);
        } catch (RuntimeException e) {
            throw classify(e, config, doing);
        }
    }

    private static SourceFailure classify(Throwable e, PostgresTable config, String doing) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof PgException) && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        if (cause instanceof PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            String detail = where(config) + " refused " + doing + ": " + pg.getErrorMessage() + " (SQLSTATE " + state + ")";
            if (state.startsWith("42")) {
                // Undefined table or column, syntax, privilege: the configured table or query no longer fits the database.
                return new SourceFailure(SourceFailure.Reason.SCHEMA_MISMATCH, detail, e);
            }
            return SourceFailure.unreachable(detail, e);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return SourceFailure.unreachable("cannot connect to " + where(config) + ": " + cause.getMessage(), e);
        }
        return SourceFailure.unreachable(where(config) + " failed while " + doing + ": " + e.getMessage(), e);
    }

    private static String where(PostgresTable config) {
        return "PostgreSQL " + config.host() + ":" + config.port() + "/" + config.database();
    }

    private static void closeQuietly(Uni<Void> closing, PostgresTable config) {
        try {
            closing.await().atMost(Duration.ofSeconds(Math.min(5, config.timeout().toSeconds())));
        } catch (RuntimeException ignored) {
            // The connection is dropped either way; nothing was written through it.
        }
    }

    /** The text form of one value; see the class comment. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Numeric n) {
            return n.isNaN() ? "NaN" : n.bigDecimalValue() == null ? n.toString() : n.bigDecimalValue().toPlainString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
        }
        if (value instanceof LocalDateTime t) {
            return LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        }
        if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (value instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        if (value instanceof io.vertx.mutiny.core.buffer.Buffer b) {
            return "\\x" + HexFormat.of().formatHex(b.getBytes());
        }
        if (value instanceof io.vertx.core.buffer.Buffer b) {
            return "\\x" + HexFormat.of().formatHex(b.getBytes());
        }
        if (value instanceof JsonObject o) {
            return o.encode();
        }
        if (value instanceof JsonArray a) {
            return a.encode();
        }
        if (value instanceof Object[] array) {
            JsonArray json = new JsonArray();
            for (Object element : array) {
                json.add(text(element));
            }
            return json.encode();
        }
        return value.toString();
    }

    private static final class CursorSource implements RowSource {
        private final PgConnection connection;
        private final Transaction tx;
        private final Cursor cursor;
        private final PostgresTable config;
        private final RowSchema schema;
        private Iterator<io.vertx.mutiny.sqlclient.Row> batch;

        CursorSource(PgConnection connection, Transaction tx, Cursor cursor, RowSet<io.vertx.mutiny.sqlclient.Row> first,
                     PostgresTable config) {
            this.connection = connection;
            this.tx = tx;
            this.cursor = cursor;
            this.config = config;
            this.schema = new RowSchema(first.columnsNames());
            this.batch = first.iterator();
        }

        @Override
        public RowSchema schema() {
            return schema;
        }

        @Override
        public Optional<Row> next() {
            while (!batch.hasNext()) {
                if (!cursor.hasMore()) {
                    return Optional.empty();
                }
                batch = await(cursor.read(FETCH), config, "reading").iterator();
            }
            io.vertx.mutiny.sqlclient.Row row = batch.next();
            List<String> values = new ArrayList<>(schema.size());
            for (int i = 0; i < schema.size(); i++) {
                values.add(text(row.getValue(i)));
            }
            return Optional.of(new Row(values));
        }

        @Override
        public void close() {
            closeQuietly(cursor.close(), config);
            closeQuietly(tx.rollback(), config);
            closeQuietly(connection.close(), config);
        }
    }
}
