package dev.cascade.node.catalog;

import dev.cascade.protocol.catalog.ResourceDescriptor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code catalog_entry} and {@code catalog_change} rows of one transaction (a group of
 * registrations, or a batch of received changes), each table written with one statement over
 * arrays: a catch-up writes hundreds of rows per batch, and one statement per row cost PostgreSQL
 * an executor start and a protocol round per row.
 */
final class CatalogRows {

    /** Inserts or replaces a version; an older version never overwrites a newer one. */
    private static final String UPSERT = "insert into catalog_entry (origin, resource_id, version, seq, title, abstract,"
            + " provider_dept, category, level, sharing_type, scope, updated_at, withdrawn_at, descriptor)"
            + " select o, r, v, s, t, a, p, c, l, st, sc, u, null, d from unnest($1::varchar[], $2::varchar[], $3::int[],"
            + " $4::bigint[], $5::text[], $6::text[], $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[],"
            + " $11::varchar[], $12::timestamptz[], $13::text[]) as x(o, r, v, s, t, a, p, c, l, st, sc, u, d)"
            + " on conflict (origin, resource_id) do update set version = excluded.version, seq = excluded.seq,"
            + " title = excluded.title, abstract = excluded.abstract, provider_dept = excluded.provider_dept,"
            + " category = excluded.category, level = excluded.level, sharing_type = excluded.sharing_type,"
            + " scope = excluded.scope, updated_at = excluded.updated_at, withdrawn_at = null,"
            + " descriptor = excluded.descriptor where catalog_entry.version < excluded.version";

    /** A tombstone: the entry stays, marked withdrawn, unless a newer version is already here. */
    private static final String WITHDRAW = "update catalog_entry e set version = w.v, seq = w.s, updated_at = w.u,"
            + " withdrawn_at = w.u from unnest($1::varchar[], $2::varchar[], $3::int[], $4::bigint[], $5::timestamptz[])"
            + " as w(o, r, v, s, u) where e.origin = w.o and e.resource_id = w.r and e.version < w.v";

    private static final String CHANGES = "insert into catalog_change (origin, seq, resource_id, version, kind, scope, body,"
            + " signature, chain_digest, recorded_at) select * from unnest($1::varchar[], $2::bigint[], $3::varchar[],"
            + " $4::int[], $5::varchar[], $6::varchar[], $7::bytea[], $8::bytea[], $9::bytea[], $10::timestamptz[])";

    private record Upsert(String origin, long seq, int version, ResourceDescriptor descriptor, String department, String json,
                          OffsetDateTime at) {
    }

    private record Withdrawal(String origin, String id, long seq, int version, OffsetDateTime at) {
    }

    private record Change(String origin, long seq, String resourceId, int version, String kind, String scope, byte[] body,
                          byte[] signature, byte[] chainDigest, OffsetDateTime recordedAt) {
    }

    // One statement cannot touch a row twice (ON CONFLICT DO UPDATE refuses to; UPDATE … FROM takes
    // an arbitrary match), so of several versions of one resource only the newest is kept: the
    // version guards make that the same outcome as applying each in turn.
    private final Map<String, Upsert> upserts = new LinkedHashMap<>();
    private final Map<String, Withdrawal> withdrawals = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();

    void upsert(String origin, long seq, int version, ResourceDescriptor d, String department, String descriptorJson,
                OffsetDateTime at) {
        upserts.merge(origin + "/" + d.id(), new Upsert(origin, seq, version, d, department, descriptorJson, at),
                (had, now) -> now.version() > had.version() ? now : had);
    }

    void withdraw(String origin, String id, long seq, int version, OffsetDateTime at) {
        withdrawals.merge(origin + "/" + id, new Withdrawal(origin, id, seq, version, at),
                (had, now) -> now.version() > had.version() ? now : had);
    }

    void change(String origin, long seq, String resourceId, int version, String kind, String scope, byte[] body,
                byte[] signature, byte[] chainDigest, OffsetDateTime recordedAt) {
        changes.add(new Change(origin, seq, resourceId, version, kind, scope, body, signature, chainDigest, recordedAt));
    }

    boolean hasChanges() {
        return !changes.isEmpty();
    }

    Uni<Void> writeEntries(SqlConnection tx) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!upserts.isEmpty()) {
            List<Upsert> rows = List.copyOf(upserts.values());
            done = done.chain(() -> tx.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {
                    rows.stream().map(Upsert::origin).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().id()).toArray(String[]::new),
                    rows.stream().map(Upsert::version).toArray(Integer[]::new),
                    rows.stream().map(Upsert::seq).toArray(Long[]::new),
                    rows.stream().map(u -> u.descriptor().title()).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().summary()).toArray(String[]::new),
                    rows.stream().map(Upsert::department).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().category()).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().level().wire()).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().sharingType().wire()).toArray(String[]::new),
                    rows.stream().map(u -> u.descriptor().scope().wire()).toArray(String[]::new),
                    rows.stream().map(Upsert::at).toArray(OffsetDateTime[]::new),
                    rows.stream().map(Upsert::json).toArray(String[]::new)})).replaceWithVoid());
        }
        if (!withdrawals.isEmpty()) {
            List<Withdrawal> rows = List.copyOf(withdrawals.values());
            done = done.chain(() -> tx.preparedQuery(WITHDRAW).execute(Tuple.of(
                    rows.stream().map(Withdrawal::origin).toArray(String[]::new),
                    rows.stream().map(Withdrawal::id).toArray(String[]::new),
                    rows.stream().map(Withdrawal::version).toArray(Integer[]::new),
                    rows.stream().map(Withdrawal::seq).toArray(Long[]::new),
                    rows.stream().map(Withdrawal::at).toArray(OffsetDateTime[]::new))).replaceWithVoid());
        }
        return done;
    }

    /** The changes, in the order added; {@code relayed}: a change held already is skipped (a re-send), not an error. */
    Uni<Void> writeChanges(SqlConnection tx, boolean relayed) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(relayed ? CHANGES + " on conflict do nothing" : CHANGES).execute(Tuple.from(new Object[] {
                changes.stream().map(Change::origin).toArray(String[]::new),
                changes.stream().map(Change::seq).toArray(Long[]::new),
                changes.stream().map(Change::resourceId).toArray(String[]::new),
                changes.stream().map(Change::version).toArray(Integer[]::new),
                changes.stream().map(Change::kind).toArray(String[]::new),
                changes.stream().map(Change::scope).toArray(String[]::new),
                changes.stream().map(c -> Buffer.buffer(c.body())).toArray(Buffer[]::new),
                changes.stream().map(c -> Buffer.buffer(c.signature())).toArray(Buffer[]::new),
                changes.stream().map(c -> Buffer.buffer(c.chainDigest())).toArray(Buffer[]::new),
                changes.stream().map(Change::recordedAt).toArray(OffsetDateTime[]::new)})).replaceWithVoid();
    }
}
