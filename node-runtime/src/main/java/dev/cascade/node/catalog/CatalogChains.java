package dev.cascade.node.catalog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;

import dev.cascade.node.storage.ReactiveBridge;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HexFormat;

/**
 * Origin certificate chains, stored once and named by digest. Every change of an origin is
 * signed under the same chain until the origin renews its certificate, so changes reference the
 * chain instead of repeating it — on disk and on the sync stream.
 */
@ApplicationScoped
public class CatalogChains {

    @Inject
    Pool pool;

    private final Map<ByteString, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, byte[]> eldest) {
            return size() > 256;
        }
    };

    /** SHA-256 over the certificates' DER, concatenated in order: the chain's name on the wire and on disk. */
    public static ByteString digestOf(byte[] joinedDer) {
        try {
            return ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(joinedDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Stores a chain in the caller's transaction unless it is there already. */
    Uni<Void> store(SqlConnection tx, ByteString digest, byte[] joinedDer) {
        return tx.preparedQuery("insert into catalog_chain (digest, chain) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(Buffer.buffer(digest.toByteArray()), Buffer.buffer(joinedDer)))
                .replaceWithVoid();
    }

    /** The stored chain with this digest, as concatenated DER. */
    byte[] chain(ByteString digest) {
        synchronized (cache) {
            byte[] known = cache.get(digest);
            if (known != null) {
                return known;
            }
        }
        byte[] loaded = ReactiveBridge.await(() -> pool.preparedQuery("select chain from catalog_chain where digest = $1")
                .execute(Tuple.of(Buffer.buffer(digest.toByteArray())))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new IllegalStateException("no stored chain with digest " + HexFormat.of()
                                .formatHex(digest.toByteArray()));
                    }
                    return rows.iterator().next().getBuffer("chain").getBytes();
                }));
        synchronized (cache) {
            cache.put(digest, loaded);
        }
        return loaded;
    }
}
