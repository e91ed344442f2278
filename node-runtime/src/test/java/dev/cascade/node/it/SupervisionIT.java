package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Supervision across tiers on five real nodes (100000; 440000 → 440100; 320000 → 320100): alerts
 * climb to every ancestor and never into a sibling subtree, their lifecycle is ledgered, reports
 * show a node its own subtree only, and an ancestor's directive stops a department's work in flight
 * at every hop until it is lifted; a city may not direct its parent or a sibling.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisionIT {

    static final String SLOW = "3.01.001.002-000301";
    static final String QUICK = "3.01.001.002-000302";
    static final Map<String, String> FAST = Map.of("CASCADE_SUPERVISION_REPORT_EVERY", "PT2S",
            "CASCADE_EXCHANGE_RETRY_AFTER", "PT1S", "CASCADE_EXCHANGE_RETRY_MAX", "PT2S",
            "CASCADE_SUPERVISION_CATALOG_WITHHELD_AFTER", "PT6S");

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou, jiangsu, nanjing;
    static Api provider, consumer, gzSupervisor, gdSupervisor, natSupervisor, jsSupervisor, njSupervisor;
    static com.sun.net.httpserver.HttpServer departmentApi;
    /** Holds the slow source's rows back until released, so that a delivery stays in flight. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @BeforeAll
    static void fiveNodes() throws Exception {
        work = Files.createTempDirectory("cascade-supervision-it");
        topology = new Topology(work);
        Map<String, String> owner = new java.util.HashMap<>(FAST);
        owner.put("CASCADE_EXCHANGE_CHUNK_BYTES", "16384");
        national = topology.national(owner);
        var provinces = Topology.together(() -> topology.join(national, "440000", FAST),
                () -> topology.join(national, "320000", FAST));
        guangdong = provinces.get(0);
        jiangsu = provinces.get(1);
        var cities = Topology.together(() -> topology.join(guangdong, "440100", FAST), () -> topology.join(jiangsu, "320100", FAST));
        guangzhou = cities.get(0);
        nanjing = cities.get(1);
        provider = Api.department(national, "nat-stats", "provider");
        consumer = Api.department(guangzhou, "gz-health", "consumer");
        gzSupervisor = Api.department(guangzhou, "gz-supervision", "supervisor");
        gdSupervisor = Api.department(guangdong, "gd-supervision", "supervisor");
        natSupervisor = Api.department(national, "nat-supervision", "supervisor");
        jsSupervisor = Api.department(jiangsu, "js-supervision", "supervisor");
        njSupervisor = Api.department(nanjing, "nj-supervision", "supervisor");
        departmentApi = slowSource();
        register(SLOW, "http");
        Api.Reply configured = provider.put("/api/v1/resources/" + SLOW + "/source",
                "{\"kind\":\"http\",\"url\":\"http://127.0.0.1:" + departmentApi.getAddress().getPort() + "/rows\"}");
        assertThat(configured.status()).as(configured.raw()).isEqualTo(200);
        register(QUICK, "upload");
        StringBuilder csv = new StringBuilder("code,name,amount,updated\n");
        for (int i = 0; i < 2000; i++) {
            csv.append("91100000MA").append(String.format("%08d", i)).append(",国家企业").append(i).append(',').append(1000 + i)
                    .append(".5,2026-11-01T10:00:").append(String.format("%02d", 1 + i % 58)).append('\n');
        }
        Api.Reply up = provider.putBytes("/api/v1/resources/" + QUICK + "/data", "text/csv; charset=UTF-8",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(up.raw()).isBetween(200, 204);
        for (String id : List.of(SLOW, QUICK)) {
            Topology.await(Duration.ofSeconds(30), () -> id + " visible at 440100", () -> consumer.sees("企业", id));
        }
    }

    @AfterAll
    static void teardown() {
        RELEASE.countDown();
        if (departmentApi != null) {
            departmentApi.stop(0);
        }
        if (topology != null) {
            topology.close();
        }
        if (work != null && System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    static void register(String id, String source) {
        Api.Reply r = provider.post("/api/v1/resources", """
                {"id":"%s","title":"企业 监管 %s","abstract":"企业登记信息","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"code","type":"string","description":"统一社会信用代码","level":"L1"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"}],
                 "level":"L2","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"%s"}
                """.formatted(id, id, source));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }

    /**
     * A department system's JSON API. The first call (the provider's probe when it configures the
     * source) is answered at once; later ones send the first rows, then hold the rest back until
     * the test releases them, so that a delivery stays in flight.
     */
    static com.sun.net.httpserver.HttpServer slowSource() throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/rows", exchange -> {
            boolean probe = calls.getAndIncrement() == 0;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(rows(0, 10, true).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!probe) {
                    try {
                        RELEASE.await(90, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                out.write((rows(10, 500, false) + "]").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the node gave up on the source (its exchange ended): nothing more to send
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    static String rows(int from, int to, boolean first) {
        StringBuilder json = new StringBuilder(first ? "[" : "");
        for (int i = from; i < to; i++) {
            json.append(i == 0 ? "" : ",").append("{\"code\":\"91440000MA").append(String.format("%08d", i))
                    .append("\",\"name\":\"广东企业").append(i).append("\",\"amount\":\"").append(100 + i).append(".25\",")
                    .append("\"updated\":\"2026-11-20T08:30:").append(String.format("%02d", 1 + i % 58)).append("\"}");
        }
        return json.toString();
    }

    static List<JsonNode> alerts(Api at, String query) {
        Api.Reply r = at.get("/api/v1/supervision/alerts" + query);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().forEach(out::add);
        return out;
    }

    static JsonNode awaitAlert(Api at, String id, String state) {
        JsonNode[] last = new JsonNode[1];
        Topology.await(Duration.ofSeconds(20), () -> "alert " + id + " " + state + " at " + at + ": " + last[0], () -> {
            Api.Reply r = at.get("/api/v1/supervision/alerts/" + id);
            last[0] = r.body();
            return r.status() == 200 && state.equals(r.body().path("state").asText());
        });
        return last[0];
    }

    static String request(String resource) {
        Api.Reply r = consumer.post("/api/v1/exchanges", """
                {"origin":"100000","resource":"%s","purpose":"行政审批核验","legalBasis":"《政务数据共享条例》第十条"}
                """.formatted(resource));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().path("id").asText();
    }

    static JsonNode awaitState(String id, String... states) {
        java.util.Set<String> wanted = java.util.Set.of(states);
        JsonNode[] last = new JsonNode[1];
        Topology.await(Duration.ofSeconds(60), () -> "exchange " + id + " in " + wanted + ": " + last[0], () -> {
            last[0] = consumer.get("/api/v1/exchanges/" + id).body();
            return wanted.contains(last[0].path("state").asText());
        });
        return last[0];
    }

    @Test
    @Order(1)
    void aCityDirectingItsParentOrASiblingIsRefusedAndItsAlertClimbsToEveryAncestorButNeverToASibling() {
        for (String target : List.of("440000", "320100")) {
            Api.Reply refused = gzSupervisor.post("/api/v1/supervision/directives", """
                    {"kind":"suspend-department","target":"%s","department":"nat-stats","reason":"试图越级处置"}
                    """.formatted(target));
            assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
            assertThat(refused.body().path("detail").asText()).contains("not an ancestor of " + target);
        }
        List<JsonNode> raised = alerts(gzSupervisor, "?origin=440100");
        for (JsonNode a : raised) {
            long entry = a.path("evidence").get(0).asLong();
            assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where id = " + entry
                    + " and type = 'directive.refused' and detail like 'alert " + a.path("id").asText() + ":%'")).isEqualTo(1);
        }
        assertThat(raised).hasSize(2).allSatisfy(a -> {
            assertThat(a.path("rule").asText()).isEqualTo("directive.refused");
            assertThat(a.path("severity").asText()).isEqualTo("high");
            assertThat(a.path("detail").asText()).contains("gz-supervision@440100");
        });
        for (Api ancestor : List.of(gdSupervisor, natSupervisor)) {
            Topology.await(Duration.ofSeconds(20), () -> "both alerts of 440100 at " + ancestor,
                    () -> alerts(ancestor, "?origin=440100").size() == 2);
            assertThat(alerts(ancestor, "?origin=440100")).allSatisfy(a -> {
                assertThat(a.path("origin").asText()).isEqualTo("440100");
                assertThat(a.path("severity").asText()).isEqualTo("high");
                assertThat(a.path("evidence").size()).as("the ledger entry at 440100 that records it").isEqualTo(1);
            });
        }
        assertThat(alerts(gdSupervisor, "?origin=440100").get(0).path("receivedFrom").asText()).isEqualTo("440100");
        assertThat(alerts(natSupervisor, "?origin=440100").get(0).path("receivedFrom").asText()).isEqualTo("440000");
        NodeProcess.sleep(3000); // past the time both ancestors needed: nothing is on its way to the sibling subtree
        assertThat(alerts(jsSupervisor, "?origin=440100")).isEmpty();
        assertThat(alerts(njSupervisor, "?origin=440100")).isEmpty();

        // Acknowledged at the province: ledgered there, and the change climbs as far as the alert went.
        String id = raised.get(0).path("id").asText();
        Api.Reply ack = gdSupervisor.post("/api/v1/supervision/alerts/" + id + "/acknowledge", "{\"note\":\"已核实\"}");
        assertThat(ack.status()).as(ack.raw()).isEqualTo(200);
        assertThat(ack.body().path("acknowledgedBy").asText()).isEqualTo("gd-supervision@440000");
        assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'alert.acknowledged'"
                + " and subject = '" + id + "'")).isEqualTo(1);
        awaitAlert(natSupervisor, id, "acknowledged");
        Api.Reply again = gdSupervisor.post("/api/v1/supervision/alerts/" + id + "/acknowledge", "{}");
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        Api.Reply resolved = natSupervisor.post("/api/v1/supervision/alerts/" + id + "/resolve", "{\"note\":\"处置完毕\"}");
        assertThat(resolved.status()).as(resolved.raw()).isEqualTo(200);
        assertThat(resolved.body().path("state").asText()).isEqualTo("resolved");
        assertThat(NodeDatabase.count(national, "select count(*) from node_event where type = 'alert.resolved'"
                + " and subject = '" + id + "'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void eachNodeSeesTheReportsOfItsOwnSubtreeOnly() {
        Topology.await(Duration.ofSeconds(30), () -> "national holds reports of all five nodes",
                () -> regions(natSupervisor).containsAll(List.of("100000", "440000", "440100", "320000", "320100")));
        Topology.await(Duration.ofSeconds(30), () -> "440000 holds reports of 440000 and 440100",
                () -> regions(gdSupervisor).containsAll(List.of("440000", "440100")));
        assertThat(regions(gdSupervisor)).containsExactlyInAnyOrder("440000", "440100");
        assertThat(regions(njSupervisor)).containsExactly("320100");
        JsonNode summary = natSupervisor.get("/api/v1/supervision/summary").body();
        JsonNode gz = null;
        for (JsonNode n : summary.path("nodes")) {
            if ("440100".equals(n.path("region").asText())) {
                gz = n;
            }
        }
        assertThat(gz).isNotNull();
        assertThat(gz.path("health").path("databaseUp").asBoolean()).isTrue();
        assertThat(gz.path("health").path("ledgerSize").asLong()).isPositive();
        assertThat(gz.path("health").path("links").get(0).path("region").asText()).isEqualTo("440000");
        assertThat(consumer.get("/api/v1/supervision/summary").status()).as("a consumer department is no supervisor").isEqualTo(403);
    }

    @Test
    @Order(2)
    void everyMetricTheGrafanaDashboardShowsIsServed() throws Exception {
        String dashboard = Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("deploy/grafana/cascade-supervision.json"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cascade_[a-z_]+").matcher(dashboard);
        while (m.find()) {
            names.add(m.group());
        }
        names.remove("cascade_supervision"); // the dashboard's uid
        assertThat(names).hasSizeGreaterThan(8);
        var http = java.net.http.HttpClient.newHttpClient();
        String[] metrics = new String[1];
        Topology.await(Duration.ofSeconds(20), () -> "national serves " + names, () -> {
            try {
                metrics[0] = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + national.httpPort + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return names.stream().allMatch(metrics[0]::contains);
        });
        assertThat(metrics[0]).contains("cascade_subtree_database_up{region=\"440100\"");
    }

    static List<String> regions(Api at) {
        Api.Reply r = at.get("/api/v1/supervision/summary");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.body().path("nodes").forEach(n -> out.add(n.path("region").asText()));
        return out;
    }

    @Test
    @Order(3)
    void aProvincesDirectiveSuspendsADepartmentInItsCityStoppingItsDeliveryInFlightUntilLifted() throws Exception {
        String inFlight = request(SLOW);
        awaitState(inFlight, "DELIVERING");
        long issuedAt = System.currentTimeMillis();
        Api.Reply issued = gdSupervisor.post("/api/v1/supervision/directives", """
                {"kind":"suspend-department","target":"440100","department":"gz-health","reason":"疑似数据泄露，暂停调用"}
                """);
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String directive = issued.body().path("id").asText();

        JsonNode failed = awaitState(inFlight, "FAILED");
        long effectiveMs = System.currentTimeMillis() - issuedAt;
        assertThat(failed.path("reason").asText()).contains(directive);
        assertThat(effectiveMs).as("effective at the city within seconds").isLessThan(10_000);
        Api.Reply refused = consumer.post("/api/v1/exchanges", """
                {"origin":"100000","resource":"%s","purpose":"行政审批核验"}
                """.formatted(QUICK));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        assertThat(refused.body().path("detail").asText()).contains(directive).contains("gz-health");

        // The owner hears the halt and ends the exchange; every hop deletes what it held.
        Topology.await(Duration.ofSeconds(30), () -> "the owner ended " + inFlight + " naming the directive",
                () -> NodeDatabase.count(national, "select count(*) from exchange where id = '" + inFlight
                        + "' and role = 'owner' and state = 'FAILED' and reason like '%" + directive + "%'") == 1);
        assertThat(NodeDatabase.count(guangdong, "select count(*) from exchange where id = '" + inFlight
                + "' and role = 'relay' and purged_at is not null")).isEqualTo(1);
        RELEASE.countDown(); // the source answers at last; what the owner seals now is deleted too
        for (NodeProcess hop : List.of(national, guangdong, guangzhou)) {
            Topology.await(Duration.ofSeconds(30), () -> "no chunks of " + inFlight + " at " + hop.dataDir.getFileName(),
                    () -> !Files.exists(hop.dataDir.resolve("exchange-spool").resolve(inFlight + ".chunks")));
        }
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from exchange where id = '" + inFlight
                + "' and stored_key is not null")).isZero();

        Api.Reply lifted = gdSupervisor.post("/api/v1/supervision/directives/" + directive + "/lift", "{\"reason\":\"核查完毕\"}");
        assertThat(lifted.status()).as(lifted.raw()).isEqualTo(200);
        Topology.await(Duration.ofSeconds(20), () -> "the lift reached 440100", () -> {
            for (JsonNode d : gzSupervisor.get("/api/v1/supervision/directives").body()) {
                if (directive.equals(d.path("id").asText())) {
                    return !d.path("inForce").asBoolean();
                }
            }
            return false;
        });
        String after = request(QUICK);
        assertThat(awaitState(after, "CLOSED").path("rows").asLong()).isEqualTo(2000);
    }

    @Test
    @Order(4)
    void aCityMayNotLiftItsProvincesDirective() {
        Api.Reply issued = gdSupervisor.post("/api/v1/supervision/directives", """
                {"kind":"suspend-resource","target":"440000","resource":"%s","reason":"资源核查"}
                """.formatted(QUICK));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        String directive = issued.body().path("id").asText();
        Topology.await(Duration.ofSeconds(20), () -> "the directive reached 440100",
                () -> gzSupervisor.get("/api/v1/supervision/directives").body().toString().contains(directive));
        Api.Reply refused = consumer.post("/api/v1/exchanges", """
                {"origin":"100000","resource":"%s","purpose":"行政审批核验"}
                """.formatted(QUICK));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        Api.Reply lift = gzSupervisor.post("/api/v1/supervision/directives/" + directive + "/lift", "{}");
        assertThat(lift.status()).as(lift.raw()).isEqualTo(403);
        assertThat(gdSupervisor.post("/api/v1/supervision/directives/" + directive + "/lift", "{}").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aProvinceWithholdingItsCitysCatalogChangesIsNamedAtNationalByTheCitysSignedReport() throws Exception {
        // Behind 440000's back, its database drops every change of 440100 it would keep for relaying: the
        // province still applies and acknowledges them (the city sees nothing wrong) but never passes them on.
        try (Connection c = NodeDatabase.connect(guangdong); Statement s = c.createStatement()) {
            s.execute("create function withhold() returns trigger language plpgsql as $$ begin return null; end $$");
            s.execute("create trigger withhold before insert on catalog_change for each row"
                    + " when (new.origin = '440100') execute function withhold()");
        }
        Api cityProvider = Api.department(guangzhou, "gz-market", "provider");
        String id = "3.01.001.001-440100";
        Api.Reply r = cityProvider.post("/api/v1/resources", """
                {"id":"%s","title":"广州 市场主体","abstract":"市场主体登记","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"code","type":"string","description":"统一社会信用代码","level":"L1"}],
                 "level":"L2","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(id));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        String entry = "select count(*) from catalog_entry where origin = '440100' and resource_id = '" + id + "'";
        Topology.await(Duration.ofSeconds(20), () -> "440000 applied " + id, () -> NodeDatabase.count(guangdong, entry) == 1);

        Topology.await(Duration.ofSeconds(40), () -> "national names 440000 for withholding 440100's changes: "
                + alerts(natSupervisor, "?state=open"), () -> alerts(natSupervisor, "?state=open").stream()
                .anyMatch(a -> "catalog.withheld".equals(a.path("rule").asText()) && "440000".equals(a.path("subject").asText())
                        && a.path("detail").asText().contains("catalog changes of 440100")));
        assertThat(NodeDatabase.count(national, entry)).as("the withheld change never reached national").isZero();
        assertThat(alerts(gdSupervisor, "?state=open")).as("440000 itself holds what the city claims")
                .noneMatch(a -> "catalog.withheld".equals(a.path("rule").asText()));
        assertThat(NodeDatabase.count(national, "select count(*) from node_event where type = 'catalog.withheld'"))
                .as("the alert is in national's ledger").isEqualTo(1);
    }
}
