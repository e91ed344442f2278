package dev.cascade.node.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code policy_pack} table (one row per issuer: the exact pack bytes, the signature file, and
 * whether it is in the lineage the parent last sent) and the {@code alert} rows policy refusals
 * leave. Every write runs inside a transaction the caller opens, next to its event.
 */
@ApplicationScoped
public class PolicyPackStore {

    static final String ALERT_LINEAGE_REFUSED = "policy.lineage-refused";
    static final String ALERT_OWN_PACK_SUSPENDED = "policy.own-pack-suspended";
    static final String ALERT_STORED_PACK_INVALID = "policy.stored-pack-invalid";

    @Inject
    Pool pool;

    /** A stored row, before anything in it is trusted again. */
    record StoredPack(RegionCode issuer, String packId, long version, byte[] body, byte[] signature, boolean inLineage) {

        HeldPack held() {
            return new HeldPack(issuer, packId, version, SignedPack.sha256(body));
        }

        /** What {@link #marks()} reports for this row. */
        String mark() {
            return PolicyPackStore.mark(version, inLineage);
        }
    }

    <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    Uni<List<StoredPack>> all() {
        return pool.preparedQuery("select issuer, pack_id, version, body, signature, in_lineage from policy_pack").execute()
                .map(rows -> {
                    List<StoredPack> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StoredPack(RegionCode.parse(r.getString("issuer")), r.getString("pack_id"),
                                r.getLong("version"), r.getBuffer("body").getBytes(), r.getBuffer("signature").getBytes(),
                                r.getBoolean("in_lineage")));
                    }
                    return out;
                });
    }

    /** Per issuer, version and lineage membership: cheap to read, and changes whenever a row does. */
    Uni<Map<RegionCode, String>> marks() {
        return marks(pool);
    }

    /** As {@link #marks()}, inside a transaction: what it is about to commit. */
    Uni<Map<RegionCode, String>> marks(SqlClient client) {
        return client.preparedQuery("select issuer, version, in_lineage from policy_pack").execute()
                .map(rows -> {
                    Map<RegionCode, String> out = new HashMap<>();
                    rows.forEach(r -> out.put(RegionCode.parse(r.getString("issuer")),
                            mark(r.getLong("version"), r.getBoolean("in_lineage"))));
                    return out;
                });
    }

    static String mark(long version, boolean inLineage) {
        return version + "/" + inLineage;
    }

    /** The newest pack held per issuer, rows locked: publications and lineages serialise, across replicas too. */
    Uni<Map<RegionCode, HeldPack>> lockHeld(SqlConnection tx) {
        return tx.preparedQuery("select issuer, pack_id, version, body from policy_pack order by issuer for update")
                .execute()
                .map(rows -> {
                    Map<RegionCode, HeldPack> out = new HashMap<>();
                    for (Row r : rows) {
                        RegionCode issuer = RegionCode.parse(r.getString("issuer"));
                        out.put(issuer, new HeldPack(issuer, r.getString("pack_id"), r.getLong("version"),
                                SignedPack.sha256(r.getBuffer("body").getBytes())));
                    }
                    return out;
                });
    }

    /** Stores an issuer's pack, in the lineage; the time recorded changes only with the bytes. */
    Uni<Void> put(SqlConnection tx, SignedPack p, Instant at) {
        return tx.preparedQuery("insert into policy_pack (issuer, pack_id, version, body, signature, in_lineage, recorded_at)"
                        + " values ($1, $2, $3, $4, $5, true, $6) on conflict (issuer) do update set pack_id = excluded.pack_id,"
                        + " version = excluded.version, body = excluded.body, signature = excluded.signature, in_lineage = true,"
                        + " recorded_at = case when policy_pack.body = excluded.body then policy_pack.recorded_at"
                        + " else excluded.recorded_at end")
                .execute(Tuple.from(List.of(p.issuer().code(), p.pack().id(), p.pack().version(), Buffer.buffer(p.body()),
                        Buffer.buffer(p.signature()), at.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** Stores a pack unless its issuer has one; true if stored. */
    Uni<Boolean> putIfAbsent(SqlConnection tx, SignedPack p, Instant at) {
        return tx.preparedQuery("insert into policy_pack (issuer, pack_id, version, body, signature, in_lineage, recorded_at)"
                        + " values ($1, $2, $3, $4, $5, true, $6) on conflict (issuer) do nothing")
                .execute(Tuple.from(List.of(p.issuer().code(), p.pack().id(), p.pack().version(), Buffer.buffer(p.body()),
                        Buffer.buffer(p.signature()), at.atOffset(ZoneOffset.UTC))))
                .map(result -> result.rowCount() == 1);
    }

    /**
     * Every ancestor's pack not in {@code lineage} leaves the lineage; its row stays as the mark no
     * later lineage may fall below. The node's own row is untouched.
     */
    Uni<Void> keepOnly(SqlConnection tx, Lineage lineage, RegionCode self) {
        return tx.preparedQuery("update policy_pack set in_lineage = false where issuer <> all($1) and issuer <> $2")
                .execute(Tuple.of(lineage.packs().stream().map(p -> p.issuer().code()).toArray(String[]::new), self.code()))
                .replaceWithVoid();
    }
}
