package dev.cascade.node.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cascade.protocol.catalog.ChangeKind;
import dev.cascade.protocol.catalog.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** This node's own entries as a group of writes decides against them: read once per group, row-locked. */
final class OwnEntries {

    private OwnEntries() {
    }

    /** A resource's state as the next write of it must see it. */
    record Current(int version, Scope scope, String providerDept, boolean withdrawn) {

        /** The state {@code intent} leaves behind; {@code before} is null for a first registration. */
        static Current after(CatalogRegistry.Intent intent, String department, Current before) {
            boolean withdrawal = intent.kind() == ChangeKind.WITHDRAW;
            String owner = withdrawal && before != null ? before.providerDept() : department;
            return new Current(intent.version(), intent.scope(), owner, withdrawal);
        }

        static Current of(Row row) {
            return new Current(row.getInteger("version"), Scope.fromWire(row.getString("scope")),
                    row.getString("provider_dept"), row.getValue("withdrawn_at") != null);
        }
    }

    /** The current state of each of {@code ids} that has an entry, locked until the caller's transaction ends. */
    static Uni<Map<String, Current>> current(SqlConnection tx, String origin, List<String> ids) {
        return tx.preparedQuery("select resource_id, version, scope, provider_dept, withdrawn_at from catalog_entry"
                        + " where origin = $1 and resource_id = any($2) order by resource_id for update")
                .execute(Tuple.of(origin, ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Current> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getString("resource_id"), Current.of(row));
                    }
                    return out;
                });
    }
}
