package dev.cascade.node.exchange.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.testing.ScratchPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that recorded exchanges before V8 and V9 keeps all of it after the upgrade: the history
 * rows that had no ledger entry become entries, and the chains stored in each row move to
 * {@code exchange_chain}, referenced by their digest.
 */
class ExchangeSchemaUpgradeTest {

    private static final byte[] CHAIN_A = "chain of the consumer node".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHAIN_B = "chain of the owner node".getBytes(StandardCharsets.UTF_8);

    @Test
    void historyAndChainsRecordedBeforeTheUpgradeAreKept(@TempDir Path tmp) throws Exception {
        try (ScratchPostgres db = ScratchPostgres.start(tmp, false, 1)) {
            db.migrateTo("7");
            Connection c = db.jdbc();
            exchange(c, "x-1", CHAIN_A, CHAIN_B);
            exchange(c, "x-2", CHAIN_A, null);
            // x-1 came in before the ledger wrote exchange entries; x-2's REQUESTED already has its entry.
            history(c, "x-1", "REQUESTED", "request from 440100", "2026-01-05T08:00:00Z");
            history(c, "x-1", "PENDING_APPROVAL", "d".repeat(2500), "2026-01-05T08:00:01Z");
            history(c, "x-2", "REQUESTED", "request from 440100", "2026-01-05T09:00:00Z");
            sql(c, "insert into node_event (occurred_at, type, actor, subject, detail)"
                    + " values ('2026-01-05T09:00:00Z', 'exchange.requested', 'relay', 'x-2', 'request from 440100')");

            db.migrateTo("9");

            assertThat(rows(c, "select type, length(detail), right(detail, 5) from node_event where subject = 'x-1' order by id"))
                    .containsExactly("exchange.requested|19|40100", "exchange.pending-approval|1996|[cut]");
            assertThat(rows(c, "select type from node_event where subject = 'x-2'")).containsExactly("exchange.requested");
            assertThat(rows(c, "select count(*) from pg_tables where tablename = 'exchange_event'")).containsExactly("0");

            assertThat(rows(c, "select count(*) from exchange_chain")).containsExactly("2");
            assertThat(chainOf(c, "x-1", "request_chain_digest")).isEqualTo(CHAIN_A);
            assertThat(chainOf(c, "x-1", "update_chain_digest")).isEqualTo(CHAIN_B);
            assertThat(chainOf(c, "x-2", "request_chain_digest")).isEqualTo(CHAIN_A);
            assertThat(rows(c, "select update_chain_digest is null from exchange where id = 'x-2'")).containsExactly("t");
            // The store computes the same digest for the chains it writes from now on.
            assertThat(rows(c, "select encode(request_chain_digest, 'hex') from exchange where id = 'x-2'"))
                    .containsExactly(java.util.HexFormat.of().formatHex(ExchangeChains.digest(CHAIN_A)));
        }
    }

    private static void exchange(Connection c, String id, byte[] requestChain, byte[] updateChain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into exchange (id, role, state, consumer_region, consumer_dept,"
                + " owner_region, resource_id, purpose, request_body, request_signature, request_chain, request_digest,"
                + " update_chain, created_at, updated_at) values (?, 'relay', 'REQUESTED', '440100', 'gz-health', '320100',"
                + " 'r-1', 'audit', '\\x01', '\\x02', ?, '\\x03', ?, now(), now())")) {
            s.setString(1, id);
            s.setBytes(2, requestChain);
            s.setBytes(3, updateChain);
            s.executeUpdate();
        }
    }

    private static void history(Connection c, String id, String state, String detail, String at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into exchange_event (exchange_id, role, state, detail, at)"
                + " values (?, 'relay', ?, ?, ?::timestamptz)")) {
            s.setString(1, id);
            s.setString(2, state);
            s.setString(3, detail);
            s.setString(4, at);
            s.executeUpdate();
        }
    }

    private static byte[] chainOf(Connection c, String id, String column) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select k.der from exchange x join exchange_chain k on k.digest = x." + column
                + " where x.id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
