package dev.cascade.node.exchange.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.ledger.EventLogs;
import dev.cascade.node.testing.ScratchPostgres;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange store on a real PostgreSQL: what a hop reads back is what the table holds, whether
 * it comes from the table or from the store's memory of rows it just created; the history is the
 * ledger entries; chains are stored once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeStoreTest {

    private static final byte[] CHAIN = "consumer node chain".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OWNER_CHAIN = "owner node chain".getBytes(StandardCharsets.UTF_8);

    private ScratchPostgres db;
    private ExchangeStore store;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, true, 4);
        store = storeOn(db);
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    private static ExchangeStore storeOn(ScratchPostgres db) {
        ExchangeStore s = new ExchangeStore();
        s.pool = db.pool();
        s.events = EventLogs.on(db.pool());
        s.init();
        return s;
    }

    @Test
    void aNewExchangeReadsBackAsTheTableHoldsIt() {
        ExchangeRecord created = request(UUID.randomUUID().toString());
        assertThat(store.create(created, "request from 440100")).isTrue();

        ExchangeRecord found = store.find(created.id(), ExchangeRole.RELAY).orElseThrow();
        // A store that has never seen the row reads it from the table only.
        ExchangeRecord fromTable = storeOn(db).find(created.id(), ExchangeRole.RELAY).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(fromTable);
        assertThat(fromTable.requestChain()).isEqualTo(CHAIN);
    }

    @Test
    void aChangedExchangeIsReadFromTheTable() {
        ExchangeRecord created = request(UUID.randomUUID().toString());
        store.create(created, "request from 440100");
        Instant later = created.createdAt().plusSeconds(1);

        boolean moved = store.move(created.id(), ExchangeRole.RELAY, ExchangeState.REQUESTED, ExchangeState.PENDING_APPROVAL,
                "update 1 from 320100", ExchangeStore.Changes.none().set("update_seq", 1)
                        .set("update_body", new byte[] {7}).updateChain(OWNER_CHAIN), later);

        assertThat(moved).isTrue();
        ExchangeRecord found = store.find(created.id(), ExchangeRole.RELAY).orElseThrow();
        assertThat(found.state()).isEqualTo(ExchangeState.PENDING_APPROVAL);
        assertThat(found.updateSeq()).isEqualTo(1);
        assertThat(found.updateChain()).isEqualTo(OWNER_CHAIN);
        // A second move from the state the creator saw is refused: the first one took it.
        assertThat(store.move(created.id(), ExchangeRole.RELAY, ExchangeState.REQUESTED, ExchangeState.FAILED, "late",
                ExchangeStore.Changes.none(), later)).isFalse();
        assertThat(store.history(created.id(), ExchangeRole.RELAY)).extracting(ExchangeStore.Event::state)
                .containsExactly(ExchangeState.REQUESTED, ExchangeState.PENDING_APPROVAL);
    }

    @Test
    void aRequestIdAlreadyOnRecordIsNotCreatedTwice() {
        ExchangeRecord created = request(UUID.randomUUID().toString());
        assertThat(store.create(created, "request from 440100")).isTrue();
        assertThat(store.create(created, "request from 440100")).isFalse();
        assertThat(store.history(created.id(), ExchangeRole.RELAY)).hasSize(1);
    }

    @Test
    void aChainIsStoredOnceForAllTheExchangesThatCarryIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            store.create(request(UUID.randomUUID().toString()), "request from 440100");
        }
        try (Statement s = db.jdbc().createStatement();
             ResultSet rs = s.executeQuery("select count(*) from exchange_chain where der = '\\x"
                     + java.util.HexFormat.of().formatHex(CHAIN) + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void aRowWhoseChainIsMissingIsRefusedNamingTheChain() throws Exception {
        byte[] lonely = ("chain of one exchange " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ExchangeRecord created = request(UUID.randomUUID().toString(), lonely);
        store.create(created, "request from 440100");
        try (Statement s = db.jdbc().createStatement()) {
            s.execute("delete from exchange_chain where digest = '\\x" + java.util.HexFormat.of().formatHex(ExchangeChains.digest(lonely)) + "'");
        }
        // A store that never saw the chain must read it, and finds it gone: it says so instead of a record without one.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storeOn(db).find(created.id(), ExchangeRole.RELAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(java.util.HexFormat.of().formatHex(ExchangeChains.digest(lonely)))
                .hasMessageContaining("referenced but not stored");
    }

    private static ExchangeRecord request(String id) {
        return request(id, CHAIN);
    }

    private static ExchangeRecord request(String id, byte[] chain) {
        Instant now = Instant.now();
        return ExchangeRecord.requested(id, ExchangeRole.RELAY, RegionCode.parse("440100"), "gz-health",
                RegionCode.parse("320100"), "3.01.001.002-000009", "audit", new byte[] {1, 2}, new byte[] {3},
                chain, new byte[] {4, 5}, now);
    }
}
