package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import com.google.protobuf.ByteString;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ExchangeRelayGrpc;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUnroutable;
import dev.cascade.proto.exchange.v1.UnroutableBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Exchanges end to end on five real nodes: a consumer department in Guangzhou (440100) takes data
 * of a provider in Nanjing (320100) through 440000, 100000 and 320000, over the mutual-TLS tier
 * links, with real PostgreSQL at every node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeIT {

    static final int ROWS = 3000;
    static final String ENT_OPEN = "3.01.001.002-000101";
    static final String ENT_COND = "3.01.001.002-000102";
    static final String ENT_SECRET = "3.01.001.002-000103";
    static final String ENT_NOSOURCE = "3.01.001.002-000104";
    static final String ENT_HTTP = "3.01.001.002-000105";
    static final int HTTP_ROWS = 500;
    static com.sun.net.httpserver.HttpServer departmentApi;
    static com.sun.net.httpserver.HttpServer serviceApi;

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou, jiangsu, nanjing;
    static Api provider, approver, consumer, stranger;
    static List<String> sourceIds = new ArrayList<>();

    @BeforeAll
    static void fiveNodes() throws Exception {
        work = Files.createTempDirectory("cascade-exchange-it");
        topology = new Topology(work);
        national = topology.national();
        // The province counts relayed calls per 5 s instead of per minute, so the test sees its counts.
        var provinces = Topology.together(
                () -> topology.join(national, "440000", Map.of("CASCADE_CALLS_RELAY_PERIOD", "PT5S")),
                () -> topology.join(national, "320000"));
        guangdong = provinces.get(0);
        jiangsu = provinces.get(1);
        // The owner answers approvals within seconds here, so an unanswered request expires in the test.
        var cities = Topology.together(() -> topology.join(guangdong, "440100"),
                () -> topology.join(jiangsu, "320100", Map.of("CASCADE_EXCHANGE_REPLY_DEADLINE", "PT15S",
                        "CASCADE_EXCHANGE_CHUNK_BYTES", "16384")));
        guangzhou = cities.get(0);
        nanjing = cities.get(1);

        provider = Api.department(nanjing, "js-stats", "provider");
        approver = Api.department(nanjing, "js-stats", "approver");
        consumer = Api.department(guangzhou, "gz-health", "consumer");
        stranger = Api.department(guangzhou, "gz-archive", "provider");

        register(ENT_OPEN, "unconditional", "L3", true);
        register(ENT_COND, "conditional", "L3", true);
        register(ENT_SECRET, "not_shareable", "L3", false);
        register(ENT_NOSOURCE, "unconditional", "L3", false);
        departmentApi = departmentApi();
        register(ENT_HTTP, "unconditional", "L3", false, "http");
        Api.Reply configured = provider.put("/api/v1/resources/" + ENT_HTTP + "/source",
                "{\"kind\":\"http\",\"url\":\"http://127.0.0.1:" + departmentApi.getAddress().getPort() + "/rows\"}");
        assertThat(configured.status()).as(configured.raw()).isEqualTo(200);
        for (String id : List.of(ENT_OPEN, ENT_COND, ENT_NOSOURCE, ENT_HTTP)) {
            Topology.await(Duration.ofSeconds(30), () -> id + " visible at 440100", () -> consumer.sees("企业", id));
        }
    }

    @AfterAll
    static void teardown() {
        if (departmentApi != null) {
            departmentApi.stop(0);
        }
        if (serviceApi != null) {
            serviceApi.stop(0);
        }
        topology.close();
        if (System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    /** A department system's JSON API, as an HTTP source pulls it. */
    static com.sun.net.httpserver.HttpServer departmentApi() throws java.io.IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < HTTP_ROWS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id_no\":\"44010619900101").append(String.format("%04d", i))
                    .append("\",\"name\":\"广州企业").append(i).append("\",\"amount\":\"").append(100 + i).append(".25\",")
                    .append("\"updated\":\"2026-11-20T08:30:").append(String.format("%02d", 1 + i % 58)).append("\"}");
        }
        byte[] body = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/rows", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A department's data service (接口): verifies an id number against a name; answers more than any grant gives. */
    static com.sun.net.httpserver.HttpServer serviceApi() throws java.io.IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/verify", exchange -> {
            Map<String, String> q = new java.util.HashMap<>();
            for (String kv : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2) {
                    q.put(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8), java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8));
                }
            }
            if ("慢".equals(q.get("name"))) {
                NodeProcess.sleep(1500);
            }
            byte[] answer = ("{\"id_no\":\"" + q.get("id_no") + "\",\"name\":\"" + q.get("name") + "\",\"verified\":"
                    + !q.get("id_no").endsWith("0") + ",\"address\":\"南京市鼓楼区核验路1号\",\"internal_score\":97}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (q.get("id_no").startsWith("000")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    static void register(String id, String sharing, String level, boolean withData) {
        register(id, sharing, level, withData, "upload");
    }

    static void register(String id, String sharing, String level, boolean withData, String sourceKind) {
        String body = """
                {"id":"%s","title":"企业 %s","abstract":"企业登记与纳税信息 %s","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"id_no","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"}],
                 "level":"%s","sharingType":"%s",%s"openType":"%s",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"%s","source":"%s"}
                """.formatted(id, id, id, level, sharing,
                "conditional".equals(sharing) ? "\"sharingCondition\":\"用于行政审批\"," : "",
                "not_shareable".equals(sharing) ? "not_open" : "conditional",
                "not_shareable".equals(sharing) ? "node" : "national", sourceKind);
        Api.Reply r = provider.post("/api/v1/resources", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        if (withData) {
            Api.Reply up = provider.putBytes("/api/v1/resources/" + id + "/data", "text/csv; charset=UTF-8", csv(ROWS));
            assertThat(up.status()).as(up.raw()).isBetween(200, 204);
        }
    }

    static byte[] csv(int rows) {
        StringBuilder sb = new StringBuilder("id_no,name,amount,updated\n");
        for (int i = 0; i < rows; i++) {
            String id = String.format("3201021980%02d%02d%03dX", 1 + i % 12, 1 + i % 28, i % 1000);
            sourceIds.add(id);
            sb.append(id).append(",南京企业").append(i).append(',').append(1000 + i).append('.').append(1 + i % 9).append(i % 9 + 1)
                    .append(",2026-11-").append(String.format("%02d", 1 + i % 27)).append("T10:").append(String.format("%02d", i % 60))
                    .append(':').append(String.format("%02d", 1 + i % 58)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String request(String resource, String extra) {
        return request("320100", resource, extra);
    }

    static String request(String origin, String resource, String extra) {
        Api.Reply r = consumer.post("/api/v1/exchanges", """
                {"origin":"%s","resource":"%s","purpose":"行政审批核验","legalBasis":"《政务数据共享条例》第十条"%s}
                """.formatted(origin, resource, extra));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().path("id").asText();
    }

    static JsonNode awaitState(String id, String... states) {
        Set<String> wanted = Set.of(states);
        JsonNode[] last = new JsonNode[1];
        Topology.await(Duration.ofSeconds(60), () -> "exchange " + id + " in " + wanted + ": " + last[0],
                () -> {
                    last[0] = consumer.get("/api/v1/exchanges/" + id).body();
                    return wanted.contains(last[0].path("state").asText());
                });
        return last[0];
    }

    @Test
    @Order(1)
    void anUnconditionalRequestIsGrantedDeliveredMaskedAndPurgedOnTheWay() throws Exception {
        String id = request(ENT_OPEN, "");
        JsonNode done = awaitState(id, "CLOSED");
        List<String> states = new ArrayList<>();
        done.path("history").forEach(h -> states.add(h.path("state").asText()));
        assertThat(states).containsSubsequence("REQUESTED", "GRANTED", "DELIVERING", "DELIVERED", "CLOSED");
        assertThat(done.path("rows").asLong()).isEqualTo(ROWS);

        Api.Reply data = consumer.get("/api/v1/exchanges/" + id + "/data?format=csv");
        assertThat(data.status()).isEqualTo(200);
        String[] lines = data.raw().split("\r\n");
        assertThat(lines[0]).isEqualTo("id_no,name,amount,updated");
        assertThat(lines).hasSize(ROWS + 1);
        // Citizen ids leave the province only as pseudonyms: none of the source's ids is in the file.
        Set<String> delivered = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            delivered.add(lines[i].split(",")[0]);
        }
        assertThat(delivered).doesNotContainAnyElementsOf(sourceIds);
        assertThat(delivered).hasSize(new HashSet<>(sourceIds).size());

        // Every hop in between held only ciphertext and deleted it after the receipt.
        for (NodeProcess hop : List.of(guangdong, national, jiangsu, nanjing)) {
            Topology.await(Duration.ofSeconds(20), () -> "purge at " + hop.dataDir.getFileName(),
                    () -> NodeDatabase.count(hop, "select count(*) from exchange where id = '" + id
                            + "' and purged_at is not null and state = 'CLOSED'") == 1);
            assertThat(Files.exists(hop.dataDir.resolve("exchange-spool").resolve(id + ".chunks"))).isFalse();
        }
        assertThat(NodeDatabase.count(nanjing, "select count(*) from exchange where id = '" + id + "' and stored_key is null"))
                .isEqualTo(1);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from exchange_usage where exchange_id = '" + id
                + "' and action = 'download' and department = 'gz-health'")).isEqualTo(1);

        JsonNode confirmed = consumer.post("/api/v1/exchanges/" + id + "/receipt", "{}").body();
        assertThat(confirmed.path("state").asText()).isEqualTo("CONFIRMED");

        // Each node's audit ledger holds its part of the exchange, written with each change.
        assertThat(ledgerTypes(guangzhou, id)).contains("exchange.requested", "exchange.granted", "exchange.delivering",
                "exchange.delivered", "exchange.key-stored", "exchange.downloaded", "exchange.confirmed",
                "exchange.receipt-confirmed");
        assertThat(ledgerTypes(national, id)).contains("exchange.requested", "exchange.granted", "exchange.receipt",
                "exchange.purged");
        assertThat(ledgerTypes(nanjing, id)).containsSubsequence("exchange.requested", "exchange.granted", "exchange.delivering",
                "exchange.receipt", "exchange.purged", "exchange.closed");
    }

    static List<String> ledgerTypes(NodeProcess node, String exchangeId) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var c = NodeDatabase.connect(node); var s = c.createStatement();
             var r = s.executeQuery("select type from node_event where subject = '" + exchangeId + "' order by id")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    @Test
    @Order(2)
    void aConditionalRequestWaitsForTheApproverWhoMayTightenIt() {
        String id = request(ENT_COND, ",\"fields\":[\"name\",\"amount\"]");
        awaitState(id, "PENDING_APPROVAL");
        Topology.await(Duration.ofSeconds(10), () -> "pending at the approver",
                () -> approver.get("/api/v1/approvals").raw().contains(id));
        Api.Reply approved = approver.post("/api/v1/approvals/" + id + "/approve", "{\"rowLimit\":25}");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(204);
        JsonNode done = awaitState(id, "CLOSED");
        assertThat(done.path("grant").path("approvedBy").asText()).isEqualTo("js-stats");
        assertThat(done.path("grant").path("rowLimit").asLong()).isEqualTo(25);
        String jsonl = consumer.get("/api/v1/exchanges/" + id + "/data?format=jsonl").raw();
        assertThat(jsonl.split("\n")).hasSize(25);
        assertThat(jsonl).doesNotContain("id_no");
    }

    @Test
    @Order(3)
    void theApproverMayDenyWithAReasonAndAnUnansweredRequestExpires() {
        String denied = request(ENT_COND, "");
        awaitState(denied, "PENDING_APPROVAL");
        Api.Reply r = approver.post("/api/v1/approvals/" + denied + "/deny", "{\"reason\":\"用途与共享条件不符\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        assertThat(awaitState(denied, "DENIED").path("reason").asText()).contains("用途与共享条件不符");

        String unanswered = request(ENT_COND, "");
        JsonNode expired = awaitState(unanswered, "EXPIRED");
        assertThat(expired.path("reason").asText()).contains("no answer");
    }

    @Test
    @Order(4)
    void aNotShareableResourceIsDeniedNamingTheRule() {
        // It is never in Guangzhou's catalog (it never leaves its node), but a code learned elsewhere
        // can still be asked for: the owner answers, naming the rule.
        assertThat(consumer.sees("企业", ENT_SECRET)).isFalse();
        String id = request(ENT_SECRET, "");
        JsonNode denied = awaitState(id, "DENIED");
        assertThat(denied.path("rules").toString()).contains("national-baseline/not-shareable");
        assertThat(consumer.get("/api/v1/exchanges/" + id + "/data").status()).isEqualTo(409);
    }

    @Test
    @Order(5)
    void aSourceThatIsNotThereFailsTheExchangeWithItsReasonAndDeliversNothing() {
        String id = request(ENT_NOSOURCE, "");
        JsonNode failed = awaitState(id, "FAILED");
        assertThat(failed.path("reason").asText()).contains("source").contains("nothing was delivered");
        assertThat(consumer.get("/api/v1/exchanges/" + id + "/data").status()).isEqualTo(409);
    }

    @Test
    @Order(6)
    void aDepartmentWithoutTheConsumerRoleIsRefused() {
        Api.Reply r = stranger.post("/api/v1/exchanges", "{\"origin\":\"320100\",\"resource\":\"" + ENT_OPEN + "\",\"purpose\":\"x\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from exchange where consumer_dept = 'gz-archive'")).isZero();
    }

    @Test
    @Order(7)
    void aRetryWithTheSameRequestIdIsTheSameExchange() {
        String requestId = java.util.UUID.randomUUID().toString();
        String body = "{\"requestId\":\"" + requestId + "\",\"origin\":\"320100\",\"resource\":\"" + ENT_OPEN + "\",\"purpose\":\"核验\"}";
        assertThat(consumer.post("/api/v1/exchanges", body).status()).isEqualTo(201);
        Api.Reply again = consumer.post("/api/v1/exchanges", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asText()).isEqualTo(requestId);
        awaitState(requestId, "CLOSED");
        assertThat(NodeDatabase.count(nanjing, "select count(*) from exchange where id = '" + requestId + "'")).isEqualTo(1);
    }

    @Test
    @Order(13)
    void aRequestForARegionNoNodeServesFailsAtTheHopWhereItStopsAndEveryHopBackRecordsWhy() {
        // 320200 (Wuxi) is a valid region under Jiangsu, but no node has joined 320000 for it.
        String id = request("320200", ENT_OPEN, "");
        JsonNode failed = awaitState(id, "FAILED");
        assertThat(failed.path("reason").asText()).contains("unroutable").contains("320200").contains("320000");
        for (NodeProcess hop : List.of(guangdong, national, jiangsu)) {
            assertThat(NodeDatabase.count(hop, "select count(*) from exchange where id = '" + id
                    + "' and role = 'relay' and state = 'FAILED' and reason like '%320200%'")).as(hop.dataDir.toString()).isEqualTo(1);
            assertThat(NodeDatabase.count(hop, "select count(*) from node_event where subject = '" + id
                    + "' and type = 'exchange.failed'")).isEqualTo(1);
        }
        assertThat(NodeDatabase.count(nanjing, "select count(*) from exchange where id = '" + id + "'")).isZero();
        // The consumer records the failure once, in its ledger as well.
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where subject = '" + id
                + "' and type = 'exchange.failed'")).isEqualTo(1);
    }

    @Test
    @Order(14)
    void anUnroutableNoticeFromTheConsumersSideIsRefusedAndFailsNothing() throws Exception {
        String waiting = request(ENT_COND, "");
        awaitState(waiting, "PENDING_APPROVAL");
        NodeCredentials city = new NodeKeyStore(guangzhou.dataDir).load();
        guangzhou.stop(); // the test speaks as Guangzhou on its link to Guangdong
        try {
            relayFramesAs(city, guangdong, List.of(unroutable(city, notice(waiting, "320000", "forged"))));
            Topology.await(Duration.ofSeconds(20), () -> "refusal at 440000", () -> NodeDatabase.count(guangdong,
                    "select count(*) from node_event where type = 'exchange.frame-refused' and subject = '" + waiting
                            + "' and detail like '%unroutable notice%cannot arrive from 440100%'") == 1);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from exchange where id = '" + waiting
                    + "' and state = 'PENDING_APPROVAL'")).isEqualTo(1);
        } finally {
            guangzhou.serve();
        }
    }

    @Test
    @Order(8)
    void aProvinceStoppedMidDeliveryResumesAndNoRowIsLostOrDuplicated() throws Exception {
        String id = request(ENT_OPEN, "");
        Topology.await(Duration.ofSeconds(30), () -> "delivery started", () -> {
            String s = consumer.get("/api/v1/exchanges/" + id).body().path("state").asText();
            return s.equals("DELIVERING") || s.equals("DELIVERED") || s.equals("CLOSED");
        });
        guangdong.stop();
        NodeProcess.sleep(1500);
        guangdong.serve();
        JsonNode done = awaitState(id, "CLOSED");
        assertThat(done.path("rows").asLong()).isEqualTo(ROWS);
        String[] lines = consumer.get("/api/v1/exchanges/" + id + "/data?format=csv").raw().split("\r\n");
        assertThat(lines).hasSize(ROWS + 1);
        assertThat(new HashSet<>(List.of(lines))).hasSize(ROWS + 1);
    }

    @Test
    @Order(9)
    void anHttpSourceIsPulledAndADepartmentApiThatIsDownFailsTheExchangeNamingIt() {
        String pulled = request(ENT_HTTP, "");
        assertThat(awaitState(pulled, "CLOSED").path("rows").asLong()).isEqualTo(HTTP_ROWS);
        departmentApi.stop(0);
        departmentApi = null;
        String failed = request(ENT_HTTP, "");
        JsonNode f = awaitState(failed, "FAILED");
        assertThat(f.path("reason").asText()).contains("UNREACHABLE").contains("nothing was delivered");
        assertThat(consumer.get("/api/v1/exchanges/" + failed + "/data").status()).isEqualTo(409);
    }

    @Test
    @Order(10)
    void aReplayedOrAlteredRequestIsRefusedByTheFirstHop() throws Exception {
        NodeCredentials city = new NodeKeyStore(guangzhou.dataDir).load();
        // The test speaks as Guangzhou on its link to Guangdong, so the real node must be away.
        guangzhou.stop();
        try {
            long now = System.currentTimeMillis();
            String fresh = java.util.UUID.randomUUID().toString();
            SignedRequest valid = signed(city, body(fresh, "核验", now));
            SignedRequest stale = signed(city, body(java.util.UUID.randomUUID().toString(), "核验", now - 600_000));
            SignedRequest sameIdOtherBody = signed(city, body(fresh, "另作他用", now));
            SignedRequest other = signed(city, body(java.util.UUID.randomUUID().toString(), "核验", now));
            byte[] tampered = other.getBody().toByteArray();
            tampered[tampered.length - 1] ^= 1; // a bit of the nonce: the id stays, the signature no longer fits
            SignedRequest notSigned = other.toBuilder().setBody(ByteString.copyFrom(tampered)).build();
            relayAs(city, guangdong, List.of(valid, stale, sameIdOtherBody, notSigned));
            Topology.await(Duration.ofSeconds(20), () -> "refusals at 440000", () -> NodeDatabase.count(guangdong,
                    "select count(*) from node_event where type = 'exchange.frame-refused'") >= 3);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'exchange.frame-refused'"
                    + " and detail like '%stale or replayed%'")).isEqualTo(1);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'exchange.frame-refused'"
                    + " and detail like '%differs from the one recorded%altered or replayed%'")).isEqualTo(1);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'exchange.frame-refused'"
                    + " and detail like '%does not verify%'")).isEqualTo(1);
            // The valid one went on, once; nothing of the refused ones was recorded anywhere.
            Topology.await(Duration.ofSeconds(20), () -> "valid request at the owner", () -> NodeDatabase.count(nanjing,
                    "select count(*) from exchange where id = '" + fresh + "' and purpose = '核验'") == 1);
            assertThat(NodeDatabase.count(guangdong, "select count(*) from exchange where purpose = '另作他用'")).isZero();
        } finally {
            guangzhou.serve();
        }
    }

    @Test
    @Order(11)
    void relaysHoldOnlyCiphertextAndATamperedChunkIsRefusedAtTheNextHop() throws Exception {
        // The consumer node is away when the data comes, so it waits, sealed, at 440000.
        String id = request(ENT_COND, "");
        awaitState(id, "PENDING_APPROVAL");
        guangzhou.stop();
        Path atProvince = guangdong.dataDir.resolve("exchange-spool").resolve(id + ".chunks");
        try {
            Api.Reply approved = approver.post("/api/v1/approvals/" + id + "/approve", "{}");
            assertThat(approved.status()).as(approved.raw()).isEqualTo(204);
            Path atOwner = nanjing.dataDir.resolve("exchange-spool").resolve(id + ".chunks");
            Topology.await(Duration.ofSeconds(60), () -> "all chunks at 440000", () -> NodeDatabase.count(nanjing,
                    "select count(*) from exchange where id = '" + id + "' and chunk_count is not null") == 1
                    && Files.exists(atProvince) && Files.exists(atOwner) && sizeOf(atProvince) == sizeOf(atOwner));
            byte[] held = Files.readAllBytes(atProvince);
            assertThat(held.length).isGreaterThan(ROWS * 20);
            assertThat(indexOf(held, "南京企业".getBytes(StandardCharsets.UTF_8))).isNegative();
            assertThat(indexOf(held, "3201021980".getBytes(StandardCharsets.US_ASCII))).isNegative();
            // Someone with access to the province's disk alters one byte of chunk 0's ciphertext, and
            // rewrites the record's checksum to match: only the owner's signature can tell.
            held[SPOOL_HEADER + 13 + 40] ^= 0x55;
            rewriteFirstRecordChecksum(held);
            Files.write(atProvince, held);
        } finally {
            guangzhou.serve();
        }
        Topology.await(Duration.ofSeconds(30), () -> "tampered chunk refused at 440100", () -> NodeDatabase.count(guangzhou,
                "select count(*) from node_event where type = 'exchange.frame-refused' and subject = '" + id
                        + "' and detail like '%chunk 0%tampered%'") >= 1);
        NodeProcess.sleep(2000);
        assertThat(consumer.get("/api/v1/exchanges/" + id).body().path("state").asText()).isEqualTo("DELIVERING");
        assertThat(consumer.get("/api/v1/exchanges/" + id + "/data").status()).isEqualTo(409);
    }

    @Test
    @Order(12)
    void aChunkDamagedOnARelaysDiskIsCaughtThereByItsChecksumAndFetchedAgainFromUpstream() throws Exception {
        String id = request(ENT_COND, "");
        awaitState(id, "PENDING_APPROVAL");
        guangzhou.stop();
        Path atProvince = guangdong.dataDir.resolve("exchange-spool").resolve(id + ".chunks");
        try {
            Api.Reply approved = approver.post("/api/v1/approvals/" + id + "/approve", "{}");
            assertThat(approved.status()).as(approved.raw()).isEqualTo(204);
            Path atOwner = nanjing.dataDir.resolve("exchange-spool").resolve(id + ".chunks");
            Topology.await(Duration.ofSeconds(60), () -> "all chunks at 440000", () -> NodeDatabase.count(nanjing,
                    "select count(*) from exchange where id = '" + id + "' and chunk_count is not null") == 1
                    && Files.exists(atProvince) && Files.exists(atOwner) && sizeOf(atProvince) == sizeOf(atOwner));
            // One bit of chunk 0 flips on the province's disk; its checksum no longer matches.
            byte[] held = Files.readAllBytes(atProvince);
            held[SPOOL_HEADER + 13 + 40] ^= 0x04;
            Files.write(atProvince, held);
        } finally {
            guangzhou.serve();
        }
        // The province finds the damage before sending, asks 100000 for the chunks again, and the
        // consumer gets every row; nothing damaged ever reaches it.
        JsonNode done = awaitState(id, "CLOSED");
        assertThat(done.path("rows").asLong()).isEqualTo(ROWS);
        assertThat(consumer.get("/api/v1/exchanges/" + id + "/data?format=csv").raw().split("\r\n")).hasSize(ROWS + 1);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'exchange.frame-refused'"
                + " and subject = '" + id + "'")).isZero();
    }

    /** Spool files start with an 8-byte format header (decision 0015). */
    static final int SPOOL_HEADER = 8;

    /** Recomputes the CRC32C that ends the spool's first record, as someone who knows the format would. */
    static void rewriteFirstRecordChecksum(byte[] spool) {
        ByteBuffer in = ByteBuffer.wrap(spool);
        int sealedLength = in.getInt(SPOOL_HEADER + 9);
        int signatureLength = in.getShort(SPOOL_HEADER + 13 + sealedLength) & 0xffff;
        int body = 13 + sealedLength + 2 + signatureLength;
        CRC32C crc = new CRC32C();
        crc.update(spool, SPOOL_HEADER, body);
        in.putInt(SPOOL_HEADER + body, (int) crc.getValue());
    }

    static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : Long.MAX_VALUE;
        } catch (java.io.IOException e) {
            return Long.MAX_VALUE;
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static RequestBody body(String id, String purpose, long issuedAt) {
        return RequestBody.newBuilder().setExchangeId(id).setConsumerRegion("440100").setConsumerDepartment("gz-health")
                .addConsumerRoles("consumer").setClearance("L3").setOwnerRegion("320100").setResourceId(ENT_OPEN)
                .setPurpose(purpose).setIssuedAtMs(issuedAt).setNonce(ByteString.copyFrom(new byte[16])).build();
    }

    @Test
    @Order(15)
    void anUnroutableNoticeThatIsUnsignedOrNotSignedByTheHopItNamesIsRefusedAndFailsNothing() throws Exception {
        String waiting = request(ENT_COND, "");
        awaitState(waiting, "PENDING_APPROVAL");
        NodeCredentials city = new NodeKeyStore(guangzhou.dataDir).load();
        NodeCredentials owner = new NodeKeyStore(nanjing.dataDir).load();
        nanjing.stop(); // the test speaks as Nanjing, from the owner's side of Jiangsu
        try {
            UnroutableBody stopped = notice(waiting, "320100", "forged");
            SignedUnroutable unsigned = SignedUnroutable.newBuilder().setBody(stopped.toByteString()).build();
            SignedUnroutable byAnother = unroutable(city, stopped).getUnroutable();
            SignedUnroutable altered = unroutable(owner, stopped).getUnroutable().toBuilder()
                    .setBody(stopped.toBuilder().setReason("altered after signing").build().toByteString()).build();
            relayFramesAs(owner, jiangsu, List.of(unsigned, byAnother, altered).stream()
                    .map(n -> ExchangeFrame.newBuilder().setUnroutable(n).build()).toList());
            for (String why : List.of("%carries no certificate chain%", "%signed by 440100 but claims origin 320100%",
                    "%signature does not verify under the application certificate of 320100%")) {
                Topology.await(Duration.ofSeconds(20), () -> "refusal at 320000: " + why, () -> NodeDatabase.count(jiangsu,
                        "select count(*) from node_event where type = 'exchange.frame-refused' and subject = '" + waiting
                                + "' and detail like 'unroutable notice for exchange " + waiting + " (stopped at 320100) refused: "
                                + why + "'") == 1);
            }
            for (NodeProcess hop : List.of(jiangsu, national, guangdong)) {
                assertThat(NodeDatabase.count(hop, "select count(*) from exchange where id = '" + waiting
                        + "' and state = 'FAILED'")).as(hop.dataDir.toString()).isZero();
            }
        } finally {
            nanjing.serve();
        }
    }

    /** What a hop that stopped a request in {@code stoppedAt} would say about it. */
    static UnroutableBody notice(String id, String stoppedAt, String reason) {
        return UnroutableBody.newBuilder().setExchangeId(id).setConsumerRegion("440100").setOwnerRegion("320100")
                .setStoppedAt(stoppedAt).setMissing("320100").setReason(reason).setAtMs(System.currentTimeMillis()).build();
    }

    /** The notice signed by {@code as}, with its application chain, as a stopping hop sends it. */
    static ExchangeFrame unroutable(NodeCredentials as, UnroutableBody notice) throws Exception {
        byte[] bytes = notice.toByteArray();
        SignedUnroutable.Builder b = SignedUnroutable.newBuilder().setBody(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sign(as, ExchangeSignatures.Kind.UNROUTABLE, bytes)))
                .addStopperChain(ByteString.copyFrom(as.appCertificate().getEncoded()));
        for (var c : as.caChain()) {
            b.addStopperChain(ByteString.copyFrom(c.getEncoded()));
        }
        return ExchangeFrame.newBuilder().setUnroutable(b).build();
    }

    static final String ID_CHECK = "3.01.001.002-000107";
    static String serviceGrant;

    static Api.Reply call(String grant, String idNo, String name) {
        return consumer.post("/api/v1/calls/" + grant, "{\"params\":{\"id_no\":\"" + idNo + "\",\"name\":\"" + name + "\"}}");
    }

    @Test
    @Order(18)
    void aServiceCallReturnsOnlyGrantedMaskedFieldsAndIsRecordedAtBothEndsWhileRelaysSeeCiphertext() throws Exception {
        serviceApi = serviceApi();
        Api.Reply registered = provider.post("/api/v1/resources", """
                {"id":"%s","title":"身份核验 接口","abstract":"核验身份证号与姓名是否一致","category":"identity","format":"api",
                 "dataItems":[{"name":"id_no","type":"string","description":"身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"姓名","level":"L2"},
                              {"name":"verified","type":"boolean","description":"是否一致","level":"L1"},
                              {"name":"address","type":"string","description":"住址","level":"L3"}],
                 "level":"L3","sharingType":"unconditional","openType":"conditional","updateCycle":"realtime",
                 "publishDate":"2026-11-01","scope":"national","source":"service",
                 "service":{"parameters":[{"name":"id_no","title":"身份证号","required":true,"pattern":"^[0-9]{17}[0-9X]$"},
                                          {"name":"name","title":"姓名","required":true}]}}
                """.formatted(ID_CHECK));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        Api.Reply endpoint = provider.put("/api/v1/resources/" + ID_CHECK + "/source", "{\"kind\":\"service\",\"url\":\"http://127.0.0.1:"
                + serviceApi.getAddress().getPort() + "/verify\",\"timeoutMillis\":700}");
        assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
        Topology.await(Duration.ofSeconds(30), () -> ID_CHECK + " visible at 440100", () -> consumer.sees("身份核验", ID_CHECK));

        // A service is called under a standing grant, never delivered whole.
        String oneOff = request(ID_CHECK, "");
        assertThat(awaitState(oneOff, "FAILED").path("reason").asText()).contains("data service");
        serviceGrant = request(ID_CHECK, ",\"fields\":[\"id_no\",\"name\",\"verified\"],"
                + "\"standing\":{\"mode\":\"service\",\"quotaPerDay\":8,\"ratePerSecond\":50}");
        awaitState(serviceGrant, "GRANTED");

        Api.Reply answered = call(serviceGrant, "320102198001010011", "张三");
        assertThat(answered.status()).as(answered.raw()).isEqualTo(200);
        JsonNode result = answered.body().path("result");
        assertThat(result.path("verified").asBoolean()).isTrue();
        assertThat(result.path("name").asText()).isEqualTo("张三");
        // The id number leaves the province only as the pseudonym the policy asks for; the address and
        // the endpoint's own score were never granted and never leave the owner node.
        assertThat(result.path("id_no").asText()).isNotEmpty().isNotEqualTo("320102198001010011");
        assertThat(result.has("address")).isFalse();
        assertThat(result.has("internal_score")).isFalse();
        assertThat(answered.body().path("usedToday").asLong()).isEqualTo(1);

        Topology.await(Duration.ofSeconds(15), () -> "the call recorded at both ends", () ->
                NodeDatabase.count(guangzhou, "select count(*) from service_call where role = 'consumer' and grant_id = '" + serviceGrant
                        + "' and outcome = 'ANSWERED'") == 1
                && NodeDatabase.count(nanjing, "select count(*) from service_call where role = 'owner' and grant_id = '" + serviceGrant
                        + "' and outcome = 'ANSWERED'") == 1
                && NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'call.made' and subject = '"
                        + serviceGrant + "'") == 1
                && NodeDatabase.count(nanjing, "select count(*) from node_event where type = 'call.served' and subject = '"
                        + serviceGrant + "'") == 1);
        Topology.await(Duration.ofSeconds(20), () -> "440000 counted the relayed call", () ->
                NodeDatabase.count(guangdong, "select coalesce(sum(calls), 0) from service_call_relayed where grant_id = '"
                        + serviceGrant + "'") == 1
                && NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'call.relayed' and subject = '"
                        + serviceGrant + "'") >= 1);
        for (NodeProcess relay : List.of(guangdong, national, jiangsu)) {
            assertThat(NodeDatabase.count(relay, "select count(*) from service_call")).as("per-call rows at a relay").isZero();
            assertThat(NodeDatabase.count(relay, "select count(*) from node_event where detail like '%张三%' or detail like '%3201021980010100%'"
                    + " or detail like '%核验路%'")).as("plaintext at a relay").isZero();
        }
    }

    @Test
    @Order(19)
    void badParametersAnEndpointWithNoRecordOneTooSlowAndOneDownEachGetAClearError() {
        Api.Reply bad = call(serviceGrant, "32010219800101001", "张三");
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.body().path("detail").asText()).contains("id_no").contains("does not match");
        Api.Reply unknown = consumer.post("/api/v1/calls/" + serviceGrant, "{\"params\":{\"id_no\":\"320102198001010011\",\"name\":\"张三\",\"sql\":\"1=1\"}}");
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(400);
        assertThat(unknown.body().path("detail").asText()).contains("'sql' is not one this service takes");

        Api.Reply none = call(serviceGrant, "000102198001010011", "李四");
        assertThat(none.status()).as(none.raw()).isEqualTo(404);

        long started = System.nanoTime();
        Api.Reply slow = call(serviceGrant, "320102198001010011", "慢");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.status()).as(slow.raw()).isEqualTo(504);
        assertThat(slow.body().path("detail").asText()).contains("within 700 ms");
        assertThat(tookMs).as("answered within the endpoint's timeout, not the caller's").isLessThan(5_000);

        int closed = Topology.freePort();
        Api.Reply moved = provider.put("/api/v1/resources/" + ID_CHECK + "/source", "{\"kind\":\"service\",\"url\":\"http://127.0.0.1:"
                + closed + "/verify\",\"timeoutMillis\":700}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        NodeProcess.sleep(5_500); // the owner reads a service's configuration again after 5 s
        Api.Reply down = call(serviceGrant, "320102198001010011", "张三");
        assertThat(down.status()).as(down.raw()).isEqualTo(502);
        assertThat(down.body().path("detail").asText()).contains("unreachable");
        assertThat(down.body().path("refusedAt").asText()).isEqualTo("320100");
        Api.Reply back = provider.put("/api/v1/resources/" + ID_CHECK + "/source", "{\"kind\":\"service\",\"url\":\"http://127.0.0.1:"
                + serviceApi.getAddress().getPort() + "/verify\",\"timeoutMillis\":700}");
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        NodeProcess.sleep(5_500);
    }

    @Test
    @Order(20)
    void pastTheDailyQuotaACallIs429WithTheGrantsLimits() {
        int answered = 0;
        Api.Reply last = null;
        for (int i = 0; i < 10; i++) {
            last = call(serviceGrant, "320102198001010011", "张三");
            if (last.status() != 200) {
                break;
            }
            answered++;
        }
        // 8 a day: one answered earlier, and the no-record, slow and down calls used the quota too.
        assertThat(answered).isEqualTo(4);
        assertThat(last.status()).as(last.raw()).isEqualTo(429);
        assertThat(last.body().path("quotaPerDay").asLong()).isEqualTo(8);
        assertThat(last.body().path("usedToday").asLong()).isEqualTo(8);
    }

    @Test
    @Order(21)
    void aSuspendedGrantIsRefusedUntilResumedAndARevokedOneAtTheConsumerAndIfForcedPastItAtTheNextHopAndAtTheOwner()
            throws Exception {
        String listed = NodeProcess.cliOk("grants", "list", "--data-dir", nanjing.dataDir.toString()).stdout();
        assertThat(listed).contains(serviceGrant).contains("service").contains("GRANTED").contains("quota 8/day");
        NodeProcess.cliOk("grants", "suspend", serviceGrant, "--reason", "test: 核查中", "--data-dir", nanjing.dataDir.toString());
        awaitState(serviceGrant, "SUSPENDED");
        NodeProcess.sleep(1_200);
        Api.Reply held = call(serviceGrant, "320102198001010011", "张三");
        assertThat(held.status()).as(held.raw()).isEqualTo(403);
        assertThat(held.body().path("detail").asText()).contains("suspended").contains("核查中");
        NodeProcess.cliOk("grants", "resume", serviceGrant, "--reason", "test: 核查完毕", "--data-dir", nanjing.dataDir.toString());
        awaitState(serviceGrant, "GRANTED");
        NodeProcess.sleep(1_200);
        // Through again: the owner answers, and the day's quota is still used up.
        assertThat(call(serviceGrant, "320102198001010011", "张三").status()).isEqualTo(429);

        String revoked = NodeProcess.cliOk("grants", "revoke", serviceGrant, "--reason", "test: 用途已结束",
                "--data-dir", nanjing.dataDir.toString()).stdout();
        assertThat(revoked).contains("REVOKED");
        awaitState(serviceGrant, "REVOKED");
        NodeProcess.sleep(1_200);
        Api.Reply refused = call(serviceGrant, "320102198001010011", "张三");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        assertThat(refused.body().path("detail").asText()).contains(serviceGrant).contains("revoked").contains("用途已结束");

        // Someone forces the consumer node's record back: the first relay still holds the revocation.
        forceGranted(guangzhou);
        Api.Reply atRelay = call(serviceGrant, "320102198001010011", "张三");
        assertThat(atRelay.status()).as(atRelay.raw()).isEqualTo(403);
        assertThat(atRelay.body().path("refusedAt").asText()).isEqualTo("440000");
        // And past every relay too: the owner refuses it, in an answer sealed for the consumer.
        for (NodeProcess relay : List.of(guangdong, national, jiangsu)) {
            forceGranted(relay);
        }
        Api.Reply atOwner = call(serviceGrant, "320102198001010011", "张三");
        assertThat(atOwner.status()).as(atOwner.raw()).isEqualTo(403);
        assertThat(atOwner.body().path("refusedAt").asText()).isEqualTo("320100");
        assertThat(atOwner.body().path("detail").asText()).contains("revoked");
    }

    static void forceGranted(NodeProcess node) throws Exception {
        try (var c = NodeDatabase.connect(node); var st = c.createStatement()) {
            assertThat(st.executeUpdate("update exchange set state = 'GRANTED' where id = '" + serviceGrant + "'")).isEqualTo(1);
        }
        NodeProcess.sleep(1_200); // past the second a node serves a grant's state from memory
    }

    @Test
    @Order(26)
    void onceItsNodeIsRevokedARequestForTheRegionFailsAtTheParentAndTheRevokedNodeGetsNothing() {
        NodeProcess.cliOk("revoke", "--region", "320100", "--reason", "test: emergency stop",
                "--data-dir", jiangsu.dataDir.toString());
        // The exchange stream Nanjing opened stays no longer than its certificate: Jiangsu cuts it at
        // once, so the request cannot be handed on, and the reason is the revocation.
        String id = request(ENT_OPEN, "");
        JsonNode failed = awaitState(id, "FAILED");
        assertThat(failed.path("reason").asText()).contains("unroutable").contains("320100").contains("revoked");
        assertThat(NodeDatabase.count(nanjing, "select count(*) from exchange where id = '" + id + "'")).isZero();
    }

    @Test
    @Order(27)
    void afterTheConsumerNodeRotatesItsStorageKeyADeliveredExchangeStillDownloadsRowForRow() throws Exception {
        String id;
        byte[] storedBefore;
        try (var c = NodeDatabase.connect(guangzhou); var s = c.createStatement();
             var r = s.executeQuery("select id, stored_key from exchange where role = 'consumer' and stored_key is not null"
                     + " and state in ('CLOSED', 'CONFIRMED') order by created_at limit 1")) {
            assertThat(r.next()).as("a delivered exchange at 440100").isTrue();
            id = r.getString(1);
            storedBefore = r.getBytes(2);
        }
        String before = consumer.get("/api/v1/exchanges/" + id + "/data?format=csv").raw();
        Path keyFile = guangzhou.dataDir.resolve("secrets").resolve("storage-sm4_128_gcm.key");
        byte[] oldKey = Files.readAllBytes(keyFile);

        String said = NodeProcess.cliOk("secrets", "rotate", "--data-dir", guangzhou.dataDir.toString()).out();

        assertThat(said).contains("storage key rotated").contains("data keys");
        assertThat(Files.readAllBytes(keyFile)).isNotEqualTo(oldKey);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from exchange where id = '" + id
                + "' and role = 'consumer' and stored_key <> '\\x" + HexFormat.of().formatHex(storedBefore) + "'"))
                .isEqualTo(1);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'storage-key.rotated'")).isEqualTo(1);
        Api.Reply after = consumer.get("/api/v1/exchanges/" + id + "/data?format=csv");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.raw()).isEqualTo(before);
        // The new key is the one on disk: a restarted node opens the stored copy with it.
        guangzhou.stop();
        guangzhou.serve();
        assertThat(consumer.get("/api/v1/exchanges/" + id + "/data?format=csv").raw()).isEqualTo(before);
    }

    static SignedRequest signed(NodeCredentials as, RequestBody body) throws Exception {
        byte[] bytes = body.toByteArray();
        SignedRequest.Builder b = SignedRequest.newBuilder().setBody(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sealAll(as, ExchangeSignatures.Kind.REQUEST, List.of(bytes)).get(0)))
                .addConsumerChain(ByteString.copyFrom(as.appCertificate().getEncoded()));
        for (var c : as.caChain()) {
            b.addConsumerChain(ByteString.copyFrom(c.getEncoded()));
        }
        return b.build();
    }

    /** Sends frames on the relay stream as a child node would, then closes it. */
    static void relayAs(NodeCredentials as, NodeProcess parent, List<SignedRequest> requests) throws Exception {
        relayFramesAs(as, parent, requests.stream().map(r -> ExchangeFrame.newBuilder().setRequest(r).build()).toList());
    }

    static void relayFramesAs(NodeCredentials as, NodeProcess parent, List<ExchangeFrame> frames) throws Exception {
        ManagedChannel channel = TierProbe.channelFor(parent.tierEndpoint(), as.tlsKey(), as.tlsChain());
        try {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            StreamObserver<ExchangeFrame> out = ExchangeRelayGrpc.newStub(channel).relay(new StreamObserver<>() {
                public void onNext(ExchangeFrame f) {
                }

                public void onError(Throwable t) {
                    closed.complete(null);
                }

                public void onCompleted() {
                    closed.complete(null);
                }
            });
            for (ExchangeFrame f : frames) {
                out.onNext(f);
                NodeProcess.sleep(300); // in order: the altered copy must come after the original is recorded
            }
            NodeProcess.sleep(1000);
            out.onCompleted();
            closed.get(10, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow();
        }
    }
}
