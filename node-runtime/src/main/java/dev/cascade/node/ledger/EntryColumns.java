package dev.cascade.node.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Ledger entries gathered column by column and appended with one statement over arrays: a batch
 * of hundreds of entries (a catch-up, the writer's queue) costs PostgreSQL one executor start, not
 * one per row. {@code unnest} keeps the array order, so ids follow the order entries were added in.
 */
final class EntryColumns {

    private static final String INSERT_ALL = "insert into node_event (occurred_at, type, actor, subject, detail, digest)"
            + " select * from unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::bytea[])";

    private final OffsetDateTime[] at;
    private final String[] type;
    private final String[] actor;
    private final String[] subject;
    private final String[] detail;
    private final Buffer[] digest;
    private int size;

    EntryColumns(int capacity) {
        at = new OffsetDateTime[capacity];
        type = new String[capacity];
        actor = new String[capacity];
        subject = new String[capacity];
        detail = new String[capacity];
        digest = new Buffer[capacity];
    }

    void add(OffsetDateTime occurredAt, String typeKey, String actorName, String subjectName, String detailText, byte[] digestBytes) {
        at[size] = occurredAt;
        type[size] = typeKey;
        actor[size] = actorName;
        subject[size] = subjectName;
        detail[size] = EntryText.bounded(detailText);
        digest[size] = digestBytes == null ? null : Buffer.buffer(digestBytes);
        size++;
    }

    /** Appends every entry added, in the caller's transaction; {@code capacity} entries must have been added. */
    Uni<Void> insert(SqlConnection tx) {
        return tx.preparedQuery(INSERT_ALL).execute(Tuple.of(at, type, actor, subject, detail, digest)).replaceWithVoid();
    }
}
