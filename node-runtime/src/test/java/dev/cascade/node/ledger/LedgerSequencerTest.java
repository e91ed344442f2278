package dev.cascade.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.testing.ScratchPostgres;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MemoryLeafHashes;
import dev.cascade.protocol.ledger.MerkleTree;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The sequencer and the batched writer on a real PostgreSQL with the node's own migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerSequencerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ScratchPostgres db;
    private Connection jdbc;
    private Pool pool;
    private NodeCredentials node;

    @BeforeAll
    void startDatabase(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, true, 4);
        jdbc = db.jdbc();
        pool = db.pool();
        node = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
    }

    @AfterAll
    void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyLedger() throws Exception {
        sql("delete from node_event; delete from ledger_head");
    }

    private LedgerSequencer sequencer(int maxBatch) {
        LedgerSequencer s = new LedgerSequencer(pool, LedgerHash.SM3, node, Clock.systemUTC(), maxBatch);
        assertThat(s.load()).isEmpty();
        return s;
    }

    @Test
    void concurrentAppendsGetGapFreePositionsUnderSignedHeadsThatTheRowsReproduce() throws Exception {
        LedgerSequencer sequencer = sequencer(700);
        List<LedgerSequencer.Batch> batches = new ArrayList<>();
        try (LedgerWriter writer = new LedgerWriter(pool, 100, 1)) {
            List<CompletableFuture<Void>> appended = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                appended.add(writer.append(pending("link.up", "entry " + i)));
                if (i % 500 == 0) {
                    sequencer.sequenceOnce().ifPresent(batches::add);
                }
            }
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get();
        }
        for (Optional<LedgerSequencer.Batch> b = sequencer.sequenceOnce(); b.isPresent(); b = sequencer.sequenceOnce()) {
            batches.add(b.get());
        }
        assertThat(batches.stream().mapToInt(b -> b.occurred().size()).max().orElseThrow()).isLessThanOrEqualTo(700);
        assertThat(count("select count(*) from node_event where leaf_index is null")).isZero();
        assertThat(count("select count(distinct leaf_index) from node_event")).isEqualTo(2_000);
        assertThat(count("select max(leaf_index) from node_event")).isEqualTo(1_999);

        // Every stored head: signed by the node, and the root of exactly the rows at its positions.
        MemoryLeafHashes fromRows = new MemoryLeafHashes(LedgerHash.SM3);
        for (LedgerEntry e : rows()) {
            fromRows.append(e.encoded());
        }
        MerkleTree tree = new MerkleTree(fromRows);
        List<TreeHead> heads = storedHeads();
        assertThat(heads).hasSize(batches.size());
        for (int i = 0; i < heads.size(); i++) {
            TreeHead head = heads.get(i);
            assertThat(head.rootHash()).isEqualTo(tree.root(head.size()));
            assertThat(TreeHeadSignatures.verifyWith(node.appCertificate(), head,
                    batches.get(i).head().signature())).isTrue();
        }
        assertThat(sequencer.latest().orElseThrow().size()).isEqualTo(2_000);
    }

    @Test
    void aTransactionThatRollsBackLeavesNoEntryAndALateCommitIsPositionedAfterTheOthers() throws Exception {
        LedgerSequencer sequencer = sequencer(100);
        // A change whose own work fails after its entry was written: neither is kept.
        try {
            pool.withTransaction(tx -> tx.preparedQuery("insert into node_event (occurred_at, type, actor, subject, detail)"
                            + " values ($1, 'resource.registered', 'dept', 'r1', 'registered')")
                    .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))
                    .chain(() -> tx.query("select 1/0").execute())).await().atMost(WAIT);
        } catch (RuntimeException expected) {
            // division by zero
        }
        assertThat(count("select count(*) from node_event")).isZero();

        // A transaction holding a lower id commits after later rows were already positioned.
        Connection slow = db.connect();
        slow.setAutoCommit(false);
        try (Statement s = slow.createStatement()) {
            s.execute("insert into node_event (occurred_at, type, actor, subject, detail) values (now(), 'late', 'a', 's', 'late')");
        }
        try (LedgerWriter writer = new LedgerWriter(pool, 100, 1)) {
            writer.append(pending("early", "first")).get();
            writer.append(pending("early", "second")).get();
        }
        sequencer.sequenceOnce();
        slow.commit();
        slow.close();
        sequencer.sequenceOnce();
        assertThat(count("select leaf_index from node_event where type = 'late'")).isEqualTo(2);
        assertThat(count("select id from node_event where type = 'late'"))
                .isLessThan(count("select min(id) from node_event where type = 'early'"));
    }

    @Test
    void reloadingRebuildsTheSameTreeAndNamesAlterationsMadeWhileTheNodeWasDown() throws Exception {
        LedgerSequencer first = sequencer(100);
        try (LedgerWriter writer = new LedgerWriter(pool, 100, 1)) {
            for (int i = 0; i < 10; i++) {
                writer.append(pending("policy.published", "v" + i)).get();
            }
        }
        first.sequenceOnce();
        byte[] root = first.latest().orElseThrow().head().rootHash();

        LedgerSequencer again = new LedgerSequencer(pool, LedgerHash.SM3, node, Clock.systemUTC(), 100);
        assertThat(again.load()).isEmpty();
        byte[] rebuilt = again.read(tree -> tree.root());
        assertThat(rebuilt).isEqualTo(root);

        sql("update node_event set leaf_hash = decode(repeat('00', 32), 'hex') where leaf_index = 4");
        assertThat(new LedgerSequencer(pool, LedgerHash.SM3, node, Clock.systemUTC(), 100).load())
                .hasValueSatisfying((String problem) -> assertThat(problem).contains("do not give the root of the signed head of size 10"));

        sql("delete from node_event where leaf_index = 7");
        assertThat(new LedgerSequencer(pool, LedgerHash.SM3, node, Clock.systemUTC(), 100).load())
                .hasValueSatisfying((String problem) -> assertThat(problem).contains("entry 7 is missing"));
    }

    @Test
    void anAppendIsCompleteOnlyOnceItsEntryIsCommitted() throws Exception {
        try (LedgerWriter writer = new LedgerWriter(pool, 100, 1)) {
            writer.append(new LedgerWriter.Pending(Instant.now(), "link.down", "node", "440100", "x".repeat(2_500),
                    new byte[] {1, 2, 3})).get();
        }
        assertThat(count("select count(*) from node_event where type = 'link.down' and digest = '\\x010203'::bytea")).isEqualTo(1);
        assertThat(count("select count(*) from node_event where type = 'link.down' and detail like '%[cut]'"
                + " and length(detail) <= " + EntryText.MAX_DETAIL)).as("cut visibly within the column's bound").isEqualTo(1);
    }

    private static LedgerWriter.Pending pending(String type, String detail) {
        return new LedgerWriter.Pending(Instant.now(), type, "node", "100000", detail, null);
    }

    private List<LedgerEntry> rows() throws Exception {
        List<LedgerEntry> out = new ArrayList<>();
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery(
                "select leaf_index, occurred_at, type, actor, subject, detail, digest from node_event order by leaf_index")) {
            while (r.next()) {
                out.add(new LedgerEntry(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                        r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getBytes(7)));
            }
        }
        return out;
    }

    private List<TreeHead> storedHeads() throws Exception {
        List<TreeHead> out = new ArrayList<>();
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("select head from ledger_head order by tree_size")) {
            while (r.next()) {
                out.add(TreeHead.decode(r.getBytes(1)));
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void sql(String sql) throws Exception {
        try (Statement s = jdbc.createStatement()) {
            s.execute(sql);
        }
    }
}
