package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Database and host faults on a live hierarchy: a consumer department at 440100 takes national
 * data through 440000 while databases die and a disk fills up. Whatever happens, an
 * exchange ends CLOSED or with a reason, within the configured bound, and nothing stays cached.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultRecoveryIT {

    static final String RESOURCE = "3.01.001.002-000201";
    static final int ROWS = 20_000;
    /** Short retry waits and bound, so that every fault's outcome shows within a test's time. */
    static final Map<String, String> FAST = Map.of("CASCADE_EXCHANGE_RETRY_AFTER", "PT1S", "CASCADE_EXCHANGE_RETRY_MAX",
            "PT2S", "CASCADE_EXCHANGE_CLOSE_WITHIN", "PT40S");

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou;
    static Api provider, consumer;

    @BeforeAll
    static void threeTiers() {
        try {
            work = Files.createTempDirectory("cascade-faults-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        topology = new Topology(work);
        Map<String, String> owner = new java.util.HashMap<>(FAST);
        owner.put("CASCADE_EXCHANGE_CHUNK_BYTES", "16384");
        national = topology.national(owner);
        guangdong = topology.join(national, "440000", FAST);
        guangzhou = topology.join(guangdong, "440100", FAST);
        provider = Api.department(national, "nat-stats", "provider");
        consumer = Api.department(guangzhou, "gz-health", "consumer");
        Api.Reply r = provider.post("/api/v1/resources", """
                {"id":"%s","title":"企业 故障","abstract":"企业登记信息","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"code","type":"string","description":"统一社会信用代码","level":"L1"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"}],
                 "level":"L2","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(RESOURCE));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        StringBuilder csv = new StringBuilder("code,name,amount,updated\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("91100000MA").append(String.format("%08d", i)).append(",国家企业").append(i).append(',')
                    .append(1000 + i).append('.').append(1 + i % 9).append(i % 9 + 1).append(",2026-11-")
                    .append(String.format("%02d", 1 + i % 27)).append("T10:").append(String.format("%02d", i % 60)).append(':')
                    .append(String.format("%02d", 1 + i % 58)).append('\n');
        }
        Api.Reply up = provider.putBytes("/api/v1/resources/" + RESOURCE + "/data", "text/csv; charset=UTF-8",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(up.raw()).isBetween(200, 204);
        Topology.await(Duration.ofSeconds(30), () -> RESOURCE + " visible at 440100", () -> consumer.sees("企业", RESOURCE));
    }

    @AfterAll
    static void teardown() {
        if (topology != null) {
            topology.close();
        }
        if (work != null && System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    static String request() {
        Api.Reply r = consumer.post("/api/v1/exchanges", """
                {"origin":"100000","resource":"%s","purpose":"行政审批核验","legalBasis":"《政务数据共享条例》第十条"}
                """.formatted(RESOURCE));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().path("id").asText();
    }

    static JsonNode awaitState(String id, Duration limit, String... states) {
        Set<String> wanted = Set.of(states);
        JsonNode[] last = new JsonNode[1];
        Topology.await(limit, () -> "exchange " + id + " in " + wanted + ": " + last[0], () -> {
            last[0] = consumer.get("/api/v1/exchanges/" + id).body();
            return wanted.contains(last[0].path("state").asText());
        });
        return last[0];
    }

    static void assertPurgedEverywhere(String id) {
        for (NodeProcess hop : java.util.List.of(guangdong, national)) {
            Topology.await(Duration.ofSeconds(20), () -> "spool of " + id + " deleted at " + hop.dataDir.getFileName(),
                    () -> !Files.exists(hop.dataDir.resolve("exchange-spool").resolve(id + ".chunks")));
        }
    }

    /**
     * Kills a node's postmaster and keeps its restart failing (its cluster directory closed to the
     * server's user) until the returned handle is closed, so the database stays down as long as the
     * test wants it down.
     */
    static AutoCloseable killDatabaseAndKeepItDown(NodeProcess node) throws IOException {
        Path cluster = node.dataDir.resolve("postgres/cluster");
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("---------"));
        node.killPostmaster();
        return () -> Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    @Order(1)
    void aReceiptLostAtARelayWhoseDatabaseDiedIsSentAgainUntilTheExchangeCloses() throws Exception {
        String id = request();
        awaitState(id, Duration.ofSeconds(60), "DELIVERING");
        // The consumer stalls (its host frozen) while the owner seals everything and the relay
        // records the owner's totals; then the relay's database dies before the receipt comes.
        guangzhou.freeze();
        try {
            Topology.await(Duration.ofSeconds(30), () -> "440000 holds the owner's totals of " + id,
                    () -> NodeDatabase.count(guangdong, "select count(*) from exchange where id = '" + id
                            + "' and chunk_count is not null") == 1);
            long relayPid = guangdong.pid();
            try (AutoCloseable down = killDatabaseAndKeepItDown(guangdong)) {
                guangzhou.thaw();
                awaitState(id, Duration.ofSeconds(30), "DELIVERED");
                Topology.await(Duration.ofSeconds(15), () -> "440000 not ready while its database is down",
                        () -> guangdong.health("ready") == 503);
                // The receipt reached 440000 and was lost there; the relay is still live.
                NodeProcess.sleep(3000);
                assertThat(guangdong.health("live")).isEqualTo(200);
                assertThat(consumer.get("/api/v1/exchanges/" + id).body().path("state").asText()).isEqualTo("DELIVERED");
            }
            // The supervisor starts the relay's database again; the consumer's re-sent receipt closes the exchange.
            Topology.await(Duration.ofSeconds(20), () -> "440000 ready again", () -> guangdong.health("ready") == 200);
            assertThat(guangdong.pid()).as("the relay recovered without a restart of its own").isEqualTo(relayPid);
            JsonNode closed = awaitState(id, Duration.ofSeconds(30), "CLOSED");
            assertThat(closed.path("rows").asLong()).isEqualTo(ROWS);
            assertPurgedEverywhere(id);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from exchange where id = '" + id
                    + "' and receipt_body is not null and purged_at is not null")).isEqualTo(1);
        } finally {
            guangzhou.thaw();
        }
    }

    @Test
    @Order(2)
    void aConsumerHoldingEveryChunkWhoseFinishingWriteFailedFinishesTheDeliveryOnceItCan() throws Exception {
        // The consumer's database refuses the one write that marks the delivery DELIVERED (as a
        // failing disk or a kill at that moment would leave it): every chunk and the owner's totals
        // are held, and no chunk or duplicate update will ever come to start the finishing again.
        try (java.sql.Connection c = NodeDatabase.connect(guangzhou); java.sql.Statement st = c.createStatement()) {
            st.execute("create function refuse_delivered() returns trigger language plpgsql as"
                    + " $$ begin raise exception 'the disk refuses this write'; end $$");
            st.execute("create trigger refuse_delivered before update on exchange for each row"
                    + " when (new.state = 'DELIVERED') execute function refuse_delivered()");
        }
        String id;
        try {
            String requested = request();
            id = requested;
            Topology.await(Duration.ofSeconds(60), () -> "440100 holds the owner's totals of " + requested,
                    () -> NodeDatabase.count(guangzhou, "select count(*) from exchange where id = '" + requested
                            + "' and role = 'consumer' and chunk_count is not null and state = 'DELIVERING'") == 1);
            NodeProcess.sleep(4000);
            assertThat(consumer.get("/api/v1/exchanges/" + id).body().path("state").asText()).isEqualTo("DELIVERING");
        } finally {
            try (java.sql.Connection c = NodeDatabase.connect(guangzhou); java.sql.Statement st = c.createStatement()) {
                st.execute("drop trigger refuse_delivered on exchange");
                st.execute("drop function refuse_delivered()");
            }
        }
        JsonNode closed = awaitState(id, Duration.ofSeconds(60), "CLOSED");
        assertThat(closed.path("rows").asLong()).isEqualTo(ROWS);
        assertPurgedEverywhere(id);
    }

    @Test
    @Order(3)
    void aNodeWhoseDatabaseCannotComeBackReportsItselfNotLiveAndRecoversWhenItCan() throws Exception {
        long pid = guangzhou.pid();
        try (AutoCloseable down = killDatabaseAndKeepItDown(guangzhou)) {
            Topology.await(Duration.ofSeconds(10), () -> "440100 not ready", () -> guangzhou.health("ready") == 503);
            assertThat(guangzhou.health("live")).as("live while the restart is still expected to work").isEqualTo(200);
            Topology.await(Duration.ofSeconds(45), () -> "440100 reports itself not live", () -> guangzhou.health("live") == 503);
        }
        Topology.await(Duration.ofSeconds(20), () -> "440100 live and ready again",
                () -> guangzhou.health("live") == 200 && guangzhou.health("ready") == 200);
        assertThat(guangzhou.pid()).isEqualTo(pid);
        String id = request();
        assertThat(awaitState(id, Duration.ofSeconds(60), "CLOSED").path("rows").asLong()).isEqualTo(ROWS);
    }

    @Test
    @Order(4)
    void aRelayWhoseSpoolDiskIsFullKeepsNothingPartialAndTheExchangeExpiresWithItsReason() throws Exception {
        Path spool = guangdong.dataDir.resolve("exchange-spool");
        Files.createDirectories(spool);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", spool.toString()) == 0;
        Assumptions.assumeTrue(mounted, "mounting a small tmpfs needs root (CI runs as root)");
        try {
            String id = request();
            Topology.await(Duration.ofSeconds(60), () -> "440000 records that its disk refused a chunk",
                    () -> NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'exchange.spool-failed'"
                            + " and subject = '" + id + "'") > 0);
            assertThat(guangdong.health("live")).isEqualTo(200);
            JsonNode expired = awaitState(id, Duration.ofSeconds(90), "EXPIRED");
            assertThat(expired.path("reason").asText()).contains("no receipt").contains("within");
            assertPurgedEverywhere(id);
            assertThat(NodeDatabase.count(guangzhou, "select count(*) from exchange where id = '" + id
                    + "' and stored_key is not null")).as("the consumer dropped what it had").isZero();
        } finally {
            run("umount", "--lazy", spool.toString()); // lazy: a failed test may leave the spool file open
        }
        // With space again, the next delivery goes through the same relay.
        String next = request();
        assertThat(awaitState(next, Duration.ofSeconds(60), "CLOSED").path("rows").asLong()).isEqualTo(ROWS);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
