package dev.cascade.node.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;

import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.protocol.catalog.Scope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.DerChain;
import java.util.ArrayList;

/** What sync sessions read and remember: the change log, each origin's head, each peer's cursor. */
@ApplicationScoped
public class CatalogFeedStore {

    @Inject
    Pool pool;
    @Inject
    CatalogChains chains;

    /** The certificates of a stored origin chain, leaf first. */
    List<byte[]> chainCertificates(ByteString digest) {
        return DerChain.split(chains.chain(digest));
    }

    record StoredChange(long seq, Scope scope, byte[] body, byte[] signature, ByteString chainDigest) {
    }

    /** Highest known change number per origin. */
    Map<String, Long> origins() {
        return ReactiveBridge.await(() -> pool.query("select origin, last_seq from catalog_origin order by origin").execute()
                .map(rows -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("origin"), r.getLong("last_seq"));
                    }
                    return out;
                }));
    }

    List<StoredChange> changesAfter(String origin, long after, int limit) {
        return ReactiveBridge.await(() -> pool.preparedQuery("select seq, scope, body, signature, chain_digest from catalog_change"
                        + " where origin = $1 and seq > $2 order by seq limit $3")
                .execute(Tuple.of(origin, after, limit))
                .map(rows -> {
                    List<StoredChange> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StoredChange(r.getLong("seq"), Scope.fromWire(r.getString("scope")),
                                r.getBuffer("body").getBytes(), r.getBuffer("signature").getBytes(),
                                ByteString.copyFrom(r.getBuffer("chain_digest").getBytes())));
                    }
                    return out;
                }));
    }

    Map<String, Long> cursors(RegionCode peer) {
        return ReactiveBridge.await(() -> pool.preparedQuery("select origin, acked_seq from catalog_cursor where peer = $1")
                .execute(Tuple.of(peer.code()))
                .map(rows -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("origin"), r.getLong("acked_seq"));
                    }
                    return out;
                }));
    }

    void saveCursor(RegionCode peer, String origin, long acked) {
        ReactiveBridge.await(() -> pool.preparedQuery("insert into catalog_cursor (peer, origin, acked_seq) values ($1, $2, $3)"
                        + " on conflict (peer, origin) do update set acked_seq = greatest(catalog_cursor.acked_seq, excluded.acked_seq)")
                .execute(Tuple.of(peer.code(), origin, acked)));
    }
}
