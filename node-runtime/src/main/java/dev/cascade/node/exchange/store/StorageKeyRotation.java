package dev.cascade.node.exchange.store;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.StorageKey;
import dev.cascade.protocol.envelope.StoredDataKey;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Replaces the node's storage key: a fresh key is written beside the current one, everything wrapped
 * under the current key (the data keys of received exchanges, the sealed secrets of data sources)
 * is re-wrapped under the fresh one in one transaction with its ledger entry, and only then is the
 * fresh key renamed over the old one, whose bytes are wiped. A crash before the commit leaves the
 * old key and the old wrapping; after it, the new wrapping and the new key beside the old one. At
 * start, and before any rotation, a key left beside the current one is settled by asking which of
 * the two opens what the database holds.
 */
@ApplicationScoped
public class StorageKeyRotation {

    private static final Logger LOG = Logger.getLogger(StorageKeyRotation.class);
    private static final Duration WAIT = Duration.ofMinutes(5);

    /** What one rotation re-wrapped. */
    public record Rotated(int dataKeys, int sourceSecrets) {
    }

    /** What a rotation interrupted by a crash came to, once settled. */
    enum Settled { NOTHING_PENDING, ROLLED_BACK, COMPLETED }

    @Inject
    NodeSecrets secrets;
    @Inject
    Pool pool;
    @Inject
    EventLog events;

    void settleAtStart(@Observes @Priority(15) StartupEvent start) {
        Settled settled = settleNow();
        if (settled != Settled.NOTHING_PENDING) {
            LOG.warnf("a storage key rotation interrupted by a crash was settled: %s", settled);
        }
    }

    /** Rotates the storage key; see the class comment for what a crash at any point leaves. */
    public Rotated rotate(String by) {
        return rotate(by, () -> {
        });
    }

    /**
     * As above; {@code beforeRename} runs between the commit and the rename (a test stops the process
     * there with an {@link Error}, which nothing here catches, as a crash would).
     */
    Rotated rotate(String by, Runnable beforeRename) {
        SqlConnection connection = await(pool.getConnection());
        try {
            Transaction tx = await(connection.begin());
            boolean[] committed = {false};
            try {
                // Sources are saved by sealing inside their own transaction: this waits for those
                // under way (sealed under the old key, re-wrapped below) and holds off new ones
                // until the new key is in force. Taken before the key's lock, which a save under
                // way may be waiting for.
                await(connection.query("lock table data_source in exclusive mode").execute());
                Rotated rotated = secrets.exclusively(() -> {
                    settle();
                    StorageKey old = secrets.storageKey();
                    StorageKey fresh = secrets.prepareNext();
                    try {
                        Rotated r = rewrap(connection, old, fresh);
                        await(events.append(connection, EventType.STORAGE_KEY_ROTATED, by, "storage-key",
                                r.dataKeys() + " data keys and " + r.sourceSecrets()
                                        + " source secrets re-wrapped under a new storage key; the old key is destroyed"));
                        await(tx.commit());
                        committed[0] = true;
                        beforeRename.run();
                        secrets.commitNext();
                        return r;
                    } finally {
                        old.destroy();
                        fresh.destroy();
                    }
                });
                LOG.infof("storage key rotated: %d data keys and %d source secrets re-wrapped",
                        rotated.dataKeys(), rotated.sourceSecrets());
                return rotated;
            } catch (RuntimeException e) {
                if (!committed[0]) {
                    await(tx.rollback().onFailure().recoverWithNull());
                    secrets.exclusively(() -> {
                        secrets.discardNext(); // nothing was committed: the old key stays in force
                        return null;
                    });
                } else {
                    // The database is under the next key: try once more to put it in force now; if that
                    // fails too, the next start settles it (until then this node cannot open what it holds).
                    LOG.errorf(e, "storage key rotation committed but the new key is not in force yet; settling again");
                    settleNow();
                }
                throw e;
            }
        } finally {
            await(connection.close());
        }
    }

    /** Settles a rotation a crash interrupted (at start, and first thing in every rotation). */
    Settled settleNow() {
        return secrets.exclusively(this::settle);
    }

    private Rotated rewrap(SqlConnection c, StorageKey old, StorageKey fresh) {
        List<Tuple> dataKeys = new ArrayList<>();
        for (Row r : await(c.query("select id, role, stored_key from exchange where stored_key is not null for update").execute())) {
            String id = r.getString("id");
            DataKey key = DataKey.restore(old, new ExchangeId(id), new StoredDataKey(r.getBuffer("stored_key").getBytes()));
            try {
                dataKeys.add(Tuple.of(Buffer.buffer(key.storeUnder(fresh).bytes()), id, r.getString("role")));
            } finally {
                key.destroy();
            }
        }
        List<Tuple> sources = new ArrayList<>();
        for (Row r : await(c.query("select resource_id, secrets from data_source").execute())) {
            String stored = r.getString("secrets");
            if (secrets.isSealed(stored)) {
                String id = r.getString("resource_id");
                sources.add(Tuple.of(secrets.reseal(id, stored, old, fresh), id));
            }
        }
        if (!dataKeys.isEmpty()) {
            await(c.preparedQuery("update exchange set stored_key = $1 where id = $2 and role = $3").executeBatch(dataKeys));
        }
        if (!sources.isEmpty()) {
            await(c.preparedQuery("update data_source set secrets = $1 where resource_id = $2").executeBatch(sources));
        }
        return new Rotated(dataKeys.size(), sources.size());
    }

    /**
     * A next key left beside the current one: the rotation either committed (the database opens
     * under the next key: put it in force) or did not (it opens under the current one: drop the
     * next). With nothing wrapped, either key serves; the next one is put in force.
     */
    private Settled settle() {
        Optional<StorageKey> next = secrets.pendingNext();
        if (next.isEmpty()) {
            secrets.discardNext(); // absent, or cut short before its rename made it whole
            return Settled.NOTHING_PENDING;
        }
        StorageKey current = secrets.storageKey();
        try {
            Optional<Wrapped> sample = sample();
            if (sample.isPresent() && sample.get().opensUnder(current)) {
                secrets.discardNext();
                return Settled.ROLLED_BACK;
            }
            if (sample.isPresent() && !sample.get().opensUnder(next.get())) {
                throw new IllegalStateException("neither the storage key nor the one left beside it ("
                        + secrets.nextStorageKeyFile() + ") opens " + sample.get() + ": restore DATA_DIR/secrets from a backup");
            }
            secrets.commitNext();
            return Settled.COMPLETED;
        } finally {
            current.destroy();
            next.get().destroy();
        }
    }

    /** One thing held wrapped under the storage key: enough to tell which key is the right one. */
    private sealed interface Wrapped {
        boolean opensUnder(StorageKey key);
    }

    private record WrappedDataKey(String exchangeId, byte[] stored) implements Wrapped {
        @Override
        public boolean opensUnder(StorageKey key) {
            try {
                DataKey.restore(key, new ExchangeId(exchangeId), new StoredDataKey(stored)).destroy();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "the data key of exchange " + exchangeId;
        }
    }

    private record SealedSource(NodeSecrets secrets, String resourceId, String stored) implements Wrapped {
        @Override
        public boolean opensUnder(StorageKey key) {
            return secrets.opens(key, resourceId, stored);
        }

        @Override
        public String toString() {
            return "the source secrets of " + resourceId;
        }
    }

    private Optional<Wrapped> sample() {
        for (Row r : await(pool.query("select id, stored_key from exchange where stored_key is not null limit 1").execute())) {
            return Optional.of(new WrappedDataKey(r.getString("id"), r.getBuffer("stored_key").getBytes()));
        }
        for (Row r : await(pool.query("select resource_id, secrets from data_source where secrets like '"
                + NodeSecrets.SEALED + "%' limit 1").execute())) {
            return Optional.of(new SealedSource(secrets, r.getString("resource_id"), r.getString("secrets")));
        }
        return Optional.empty();
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(WAIT);
    }
}
