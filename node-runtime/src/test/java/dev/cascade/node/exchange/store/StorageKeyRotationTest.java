package dev.cascade.node.exchange.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.LocalNodes;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventLogs;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.testing.ScratchPostgres;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.envelope.StorageKey;
import dev.cascade.protocol.envelope.StoredDataKey;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage key rotation on a real PostgreSQL and a real data directory: what was stored under the old
 * key opens under the new one, the old key is gone, and a rotation stopped at any point (as by a
 * crash, followed by a start of a new process) leaves the node able to open everything it holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageKeyRotationTest {

    private static final byte[] ROWS = "[\"44010619900101001X\",\"广州企业\"]\n".getBytes(StandardCharsets.UTF_8);

    private ScratchPostgres db;
    private LocalNode node;
    private Path dataDir;
    private ExchangeStore store;
    private EventLog events;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, true, 4);
        dataDir = tmp.resolve("data-dir"); // the scratch server keeps its cluster in tmp/node
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
        new NodeKeyStore(dataDir).save(national);
        new NodeSettings(RegionCode.NATIONAL, Optional.empty(), Optional.empty(), "127.0.0.1", 7443, 8080, Optional.empty())
                .save(dataDir);
        node = LocalNodes.loadedFrom(dataDir);
        events = EventLogs.on(db.pool(), node);
        store = new ExchangeStore();
        store.pool = db.pool();
        store.events = events;
        store.init();
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    /** The node's secrets as a freshly started process reads them from the data directory. */
    private NodeSecrets secrets() {
        NodeSecrets s = new NodeSecrets();
        s.config = LocalNodes.dataDirOnly(dataDir);
        s.node = node;
        return s;
    }

    private StorageKeyRotation rotation(NodeSecrets secrets) {
        StorageKeyRotation r = new StorageKeyRotation();
        r.secrets = secrets;
        r.pool = db.pool();
        r.events = events;
        return r;
    }

    /** A delivered exchange as the consumer keeps it: a chunk sealed under its data key, the key stored under the storage key. */
    private record Delivered(String id, SealedChunk chunk) {
    }

    private Delivered delivered(NodeSecrets secrets) {
        String id = UUID.randomUUID().toString();
        DataKey key = DataKey.freshFor(node.credentials().appCertificate(), new ExchangeId(id));
        SealedChunk chunk = key.sealer().seal(ROWS, true);
        store.create(ExchangeRecord.requested(id, ExchangeRole.CONSUMER, RegionCode.parse("440100"), "gz-health",
                RegionCode.parse("320100"), "3.01.001.002-000009", "audit", new byte[] {1}, new byte[] {2},
                "chain".getBytes(StandardCharsets.UTF_8), new byte[] {3}, Instant.now()), "request");
        secrets.withStorageKey(storageKey -> store.set(id, ExchangeRole.CONSUMER,
                ExchangeStore.Changes.none().set("stored_key", key.storeUnder(storageKey).bytes()), Instant.now(),
                EventType.EXCHANGE_KEY_STORED, "stored"));
        key.destroy();
        return new Delivered(id, chunk);
    }

    private String sourceWithSecrets(NodeSecrets secrets, String password) throws Exception {
        String resource = "3.01.001.002-" + (100000 + (int) (Math.random() * 899999));
        try (PreparedStatement s = db.jdbc().prepareStatement("insert into data_source (resource_id, kind, config, secrets,"
                + " columns, row_count, updated_at, updated_by) values (?, 'postgres', '{}', ?, '[]', null, now(), 'js-stats')")) {
            s.setString(1, resource);
            s.setString(2, secrets.seal(resource, "{\"password\":\"" + password + "\"}"));
            s.executeUpdate();
        }
        return resource;
    }

    private String storedSecrets(String resource) throws Exception {
        try (PreparedStatement s = db.jdbc().prepareStatement("select secrets from data_source where resource_id = ?")) {
            s.setString(1, resource);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Opens the delivered chunk as a download does: the data key from its stored form under the node's storage key. */
    private byte[] download(NodeSecrets secrets, Delivered d) {
        StoredDataKey stored = new StoredDataKey(store.find(d.id(), ExchangeRole.CONSUMER).orElseThrow().storedKey());
        DataKey key = DataKey.restore(secrets.storageKey(), new ExchangeId(d.id()), stored);
        try {
            return key.opener().open(d.chunk());
        } finally {
            key.destroy();
        }
    }

    private Path storageKeyFile() {
        return secrets().storageKeyFile();
    }

    @Test
    void afterARotationEveryDataKeyAndSourceSecretOpensUnderTheNewKeyAndTheOldKeyIsGone() throws Exception {
        NodeSecrets secrets = secrets();
        Delivered delivered = delivered(secrets);
        String source = sourceWithSecrets(secrets, "s3cret");
        byte[] oldKey = Files.readAllBytes(storageKeyFile());
        long entries = count("select count(*) from node_event where type = 'storage-key.rotated'");

        StorageKeyRotation.Rotated rotated = rotation(secrets).rotate("operator");

        assertThat(rotated.dataKeys()).isGreaterThanOrEqualTo(1);
        assertThat(rotated.sourceSecrets()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readAllBytes(storageKeyFile())).isNotEqualTo(oldKey);
        assertThat(secrets.nextStorageKeyFile()).doesNotExist();
        assertThat(download(secrets, delivered)).isEqualTo(ROWS);
        assertThat(download(secrets(), delivered)).as("after a restart").isEqualTo(ROWS);
        assertThat(secrets().open(source, storedSecrets(source))).isEqualTo("{\"password\":\"s3cret\"}");
        // Nothing opens under the old key any more.
        StorageKey old = StorageKey.restore(secrets.storageKey().suite(), oldKey);
        StoredDataKey stored = new StoredDataKey(store.find(delivered.id(), ExchangeRole.CONSUMER).orElseThrow().storedKey());
        assertThatThrownBy(() -> DataKey.restore(old, new ExchangeId(delivered.id()), stored)).isInstanceOf(RuntimeException.class);
        assertThat(count("select count(*) from node_event where type = 'storage-key.rotated' and actor = 'operator'"
                + " and detail like '% data keys and % source secrets re-wrapped under a new storage key%'")).isEqualTo(entries + 1);
    }

    @Test
    void aRotationStoppedBeforeItsCommitLeavesTheOldKeyInForceAndTheNextKeyIsDropped() throws Exception {
        NodeSecrets secrets = secrets();
        Delivered delivered = delivered(secrets);
        byte[] current = Files.readAllBytes(storageKeyFile());
        secrets.exclusively(secrets::prepareNext).destroy(); // the rotation wrote the next key, then the process died

        NodeSecrets restarted = secrets();
        assertThat(rotation(restarted).settleNow()).isEqualTo(StorageKeyRotation.Settled.ROLLED_BACK);

        assertThat(Files.readAllBytes(storageKeyFile())).isEqualTo(current);
        assertThat(restarted.nextStorageKeyFile()).doesNotExist();
        assertThat(download(restarted, delivered)).isEqualTo(ROWS);
    }

    @Test
    void aRotationStoppedAfterItsCommitButBeforeTheRenamePutsTheNewKeyInForceAtTheNextStart() throws Exception {
        NodeSecrets secrets = secrets();
        Delivered delivered = delivered(secrets);
        String source = sourceWithSecrets(secrets, "pa55");
        byte[] old = Files.readAllBytes(storageKeyFile());

        assertThatThrownBy(() -> rotation(secrets).rotate("operator", () -> {
            throw new PowerCut();
        })).isInstanceOf(PowerCut.class);
        // The database holds everything under the next key, which is still beside the old one.
        assertThat(Files.readAllBytes(storageKeyFile())).isEqualTo(old);
        assertThat(secrets.nextStorageKeyFile()).exists();

        NodeSecrets restarted = secrets();
        assertThat(rotation(restarted).settleNow()).isEqualTo(StorageKeyRotation.Settled.COMPLETED);

        assertThat(Files.readAllBytes(storageKeyFile())).isNotEqualTo(old);
        assertThat(restarted.nextStorageKeyFile()).doesNotExist();
        assertThat(download(restarted, delivered)).isEqualTo(ROWS);
        assertThat(restarted.open(source, storedSecrets(source))).isEqualTo("{\"password\":\"pa55\"}");
    }

    @Test
    void aRenameThatFailsAfterTheCommitIsRetriedAtOnceSoTheRunningNodeStillOpensWhatItHolds() throws Exception {
        NodeSecrets secrets = secrets();
        Delivered delivered = delivered(secrets);
        byte[] old = Files.readAllBytes(storageKeyFile());

        assertThatThrownBy(() -> rotation(secrets).rotate("operator", () -> {
            throw new IllegalStateException("rename refused by a failing disk");
        })).hasMessage("rename refused by a failing disk");

        assertThat(Files.readAllBytes(storageKeyFile())).isNotEqualTo(old);
        assertThat(secrets.nextStorageKeyFile()).doesNotExist();
        assertThat(download(secrets, delivered)).isEqualTo(ROWS);
    }

    /** The process stops where it is thrown: nothing catches an Error on the way out. */
    private static final class PowerCut extends Error {
        PowerCut() {
            super("power cut");
        }
    }

    @Test
    void aNextKeyCutShortBeforeItWasWholeIsDroppedAndNothingElseChanges() throws Exception {
        NodeSecrets secrets = secrets();
        Delivered delivered = delivered(secrets);
        byte[] current = Files.readAllBytes(storageKeyFile());
        Files.write(secrets.nextStorageKeyFile(), new byte[5]);

        NodeSecrets restarted = secrets();
        assertThat(rotation(restarted).settleNow()).isEqualTo(StorageKeyRotation.Settled.NOTHING_PENDING);

        assertThat(restarted.nextStorageKeyFile()).doesNotExist();
        assertThat(Files.readAllBytes(storageKeyFile())).isEqualTo(current);
        assertThat(download(restarted, delivered)).isEqualTo(ROWS);
    }

    private long count(String sql) throws Exception {
        try (Statement s = db.jdbc().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
