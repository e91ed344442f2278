package dev.cascade.node.catalog;

import java.time.OffsetDateTime;
import java.util.List;

import dev.cascade.protocol.catalog.ResourceDescriptor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes to {@code catalog_entry}, the catalog as this node sees it, shared by own and received changes. */
final class CatalogEntries {

    private CatalogEntries() {
    }

    /** Inserts or replaces a version; an older version never overwrites a newer one. */
    static final String UPSERT = "insert into catalog_entry (origin, resource_id, version, seq, title, abstract, provider_dept,"
                        + " category, level, sharing_type, scope, updated_at, withdrawn_at, descriptor)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null, $13)"
                        + " on conflict (origin, resource_id) do update set version = excluded.version, seq = excluded.seq,"
                        + " title = excluded.title, abstract = excluded.abstract, provider_dept = excluded.provider_dept,"
                        + " category = excluded.category, level = excluded.level, sharing_type = excluded.sharing_type,"
                        + " scope = excluded.scope, updated_at = excluded.updated_at, withdrawn_at = null,"
                        + " descriptor = excluded.descriptor where catalog_entry.version < excluded.version";

    /** A tombstone: the entry stays, marked withdrawn, unless a newer version is already here. */
    static final String WITHDRAW = "update catalog_entry set version = $3, seq = $4, updated_at = $5, withdrawn_at = $5"
            + " where origin = $1 and resource_id = $2 and version < $3";

    static Tuple upsertRow(String origin, long seq, int version, ResourceDescriptor d, String department, String descriptorJson,
                           OffsetDateTime at) {
        return Tuple.from(List.of(origin, d.id(), version, seq, d.title(), d.summary(), department, d.category(),
                d.level().wire(), d.sharingType().wire(), d.scope().wire(), at, descriptorJson));
    }

    static Tuple withdrawal(String origin, String id, long seq, int version, OffsetDateTime at) {
        return Tuple.of(origin, id, version, seq, at);
    }

    static Uni<Void> upsert(SqlConnection tx, String origin, long seq, int version, ResourceDescriptor d, String department,
                            String descriptorJson, OffsetDateTime at) {
        return tx.preparedQuery(UPSERT).execute(upsertRow(origin, seq, version, d, department, descriptorJson, at)).replaceWithVoid();
    }

    static Uni<Void> withdraw(SqlConnection tx, String origin, String id, long seq, int version, OffsetDateTime at) {
        return tx.preparedQuery(WITHDRAW).execute(withdrawal(origin, id, seq, version, at)).replaceWithVoid();
    }
}
