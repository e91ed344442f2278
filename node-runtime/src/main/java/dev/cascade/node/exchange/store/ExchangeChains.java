package dev.cascade.node.exchange.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The certificate chains that exchange messages carry, stored once each (table
 * {@code exchange_chain}) and referenced from the exchange rows by digest. A route sees a handful of
 * distinct chains, one per node key, but every request and update carries one of ~1.3 KB: stored
 * in every row, each would be compressed and moved out of line on every write and read back on
 * every read.
 *
 * <p>The digest is a local storage key only, never sent or signed: SHA-256, so that the schema
 * migration could compute it in SQL for the rows it moved.
 */
final class ExchangeChains {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // Distinct chains are few (one per node key on the routes through here); past this bound a
    // chain is still stored and read, only not remembered.
    private static final int REMEMBERED = 4096;

    private final Pool pool;
    // Only chains known to be committed: a remembered chain is never inserted again.
    private final Map<String, byte[]> committed = new ConcurrentHashMap<>();

    ExchangeChains(Pool pool) {
        this.pool = pool;
    }

    static byte[] digest(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Stores the chain in the caller's transaction unless it is already stored. */
    Uni<Void> store(SqlConnection tx, byte[] digest, byte[] der) {
        if (committed.containsKey(key(digest))) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("insert into exchange_chain (digest, der) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(Buffer.buffer(digest), Buffer.buffer(der))).replaceWithVoid();
    }

    /** Notes a chain whose storing transaction has committed. */
    void committed(byte[] digest, byte[] der) {
        if (committed.size() < REMEMBERED) {
            committed.putIfAbsent(key(digest), der);
        }
    }

    /** The chain stored under {@code digest}; blocks on a read when it is not remembered. */
    byte[] der(byte[] digest) {
        byte[] known = committed.get(key(digest));
        if (known != null) {
            return known;
        }
        byte[] der = pool.preparedQuery("select der from exchange_chain where digest = $1").execute(Tuple.of(Buffer.buffer(digest)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes())
                .await().atMost(WAIT);
        if (der == null) {
            throw new IllegalStateException("exchange chain " + key(digest) + " is referenced but not stored");
        }
        committed(digest, der);
        return der;
    }

    private static String key(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
