package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Leak tracing on two real nodes (decision 0019): the Guangdong owner (440000) delivers one resource
 * 51 times to three departments at the national node; 200 rows of one delivery's CSV download,
 * shuffled, with a column dropped and the rest reordered, re-saved as JSON Lines, are traced by the
 * owner's auditor over REST and by its operator with {@code cascade-node trace} to that exchange and
 * department; the provider's own unmarked rows give no match; each trace is an alert and a ledger entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakTraceIT {

    static final String RESOURCE = "3.01.001.002-000301";
    static final int ROWS = 400;
    static final int DELIVERIES = 51;
    static final List<String> DEPARTMENTS = List.of("nat-health", "nat-tax", "nat-market");

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong;
    static Api auditor;
    static List<Api> consumers;
    static final List<String> exchanges = new ArrayList<>();
    static final List<String> recipients = new ArrayList<>();
    static byte[] sourceCsv;

    @BeforeAll
    static void oneResourceDeliveredFiftyOneTimes() throws Exception {
        work = Files.createTempDirectory("cascade-trace-it");
        topology = new Topology(work);
        national = topology.national();
        guangdong = topology.join(national, "440000");
        Api provider = Api.department(guangdong, "gd-market", "provider");
        auditor = Api.department(guangdong, "gd-audit", "auditor");
        consumers = DEPARTMENTS.stream().map(d -> Api.department(national, d, "consumer")).toList();

        Api.Reply registered = provider.post("/api/v1/resources", """
                {"id":"%s","title":"企业 纳税信息","abstract":"企业登记与纳税信息","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"id_no","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"纳税额","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"}],
                 "level":"L3","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(RESOURCE));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        sourceCsv = sourceCsv();
        Api.Reply uploaded = provider.putBytes("/api/v1/resources/" + RESOURCE + "/data", "text/csv; charset=UTF-8", sourceCsv);
        assertThat(uploaded.status()).as(uploaded.raw()).isBetween(200, 204);
        Topology.await(Duration.ofSeconds(30), () -> RESOURCE + " visible at 100000", () -> consumers.get(0).sees("企业", RESOURCE));

        for (int i = 0; i < DELIVERIES; i++) {
            Api consumer = consumers.get(i % consumers.size());
            Api.Reply r = consumer.post("/api/v1/exchanges", """
                    {"origin":"440000","resource":"%s","purpose":"税务稽查核验","legalBasis":"《政务数据共享条例》第十条"}
                    """.formatted(RESOURCE));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            exchanges.add(r.body().path("id").asText());
            recipients.add(DEPARTMENTS.get(i % consumers.size()));
        }
        for (int i = 0; i < DELIVERIES; i++) {
            Api consumer = consumers.get(i % consumers.size());
            String id = exchanges.get(i);
            Topology.await(Duration.ofSeconds(120), () -> "exchange " + id + " closed",
                    () -> "CLOSED".equals(consumer.get("/api/v1/exchanges/" + id).body().path("state").asText()));
        }
    }

    @AfterAll
    static void teardown() {
        topology.close();
        if (System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    /** Amounts end in 1..9 and seconds are 01..58: every carrier value can carry a bit. */
    static byte[] sourceCsv() {
        StringBuilder sb = new StringBuilder("id_no,name,amount,updated\n");
        for (int i = 0; i < ROWS; i++) {
            sb.append(String.format("4401061975%02d%02d%03d%d", 1 + i % 12, 1 + i % 28, i, i % 10)).append(",广东企业").append(i)
                    .append(',').append(5000 + 7 * i).append('.').append(1 + i % 9).append(1 + (i * 7) % 9)
                    .append(",2026-10-").append(String.format("%02d", 1 + i % 28)).append("T09:").append(String.format("%02d", i % 60))
                    .append(':').append(String.format("%02d", 1 + (i * 13) % 58)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** 200 of {@code csv}'s rows, shuffled, without {@code name}, keys reordered, written as JSON Lines. */
    static byte[] leakAsJsonLines(String csv, long seed) {
        List<String> lines = new ArrayList<>(List.of(csv.split("\r?\n")));
        List<String> header = List.of(lines.remove(0).split(","));
        Collections.shuffle(lines, new Random(seed));
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(0, 200)) {
            List<String> values = List.of(line.split(",", -1));
            ObjectNode o = NodeProcess.JSON.createObjectNode();
            for (String column : List.of("updated", "amount", "id_no")) {
                o.put(column, values.get(header.indexOf(column)));
            }
            out.append(o).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static long leakEntries() {
        return NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'leak.traced'");
    }

    @Test
    @Order(1)
    void twoHundredShuffledRowsOfOneDeliveryWithAColumnDroppedNameItsExchangeAndDepartment() {
        int leaker = 23;
        Api consumer = consumers.get(leaker % consumers.size());
        String download = consumer.get("/api/v1/exchanges/" + exchanges.get(leaker) + "/data?format=csv").raw();
        assertThat(download).doesNotContain("4401061975"); // the identity column is pseudonymised in the copy
        byte[] leak = leakAsJsonLines(download, 7);
        long before = leakEntries();

        Api.Reply traced = auditor.postBytes("/api/v1/supervision/trace", "application/x-ndjson", leak);

        assertThat(traced.status()).as(traced.raw()).isEqualTo(200);
        JsonNode report = traced.body();
        assertThat(report.path("verdict").asText()).isEqualTo("match");
        assertThat(report.path("suspect").path("exchangeId").asText()).isEqualTo(exchanges.get(leaker));
        assertThat(report.path("suspect").path("consumerDepartment").asText()).isEqualTo(recipients.get(leaker));
        assertThat(report.path("suspect").path("consumerRegion").asText()).isEqualTo("100000");
        assertThat(report.path("candidatesTested").asInt()).isGreaterThanOrEqualTo(DELIVERIES);
        assertThat(report.path("rowsRead").asInt()).isEqualTo(200);
        assertThat(report.path("bestFalseAccusationProbability").asDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(report.path("alsoMatching")).isEmpty();
        assertThat(leakEntries()).isEqualTo(before + 1);
        assertThat(NodeDatabase.count(guangdong, "select count(*) from alert where kind = 'leak.traced' and subject = '"
                + exchanges.get(leaker) + "'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theOperatorTracesTheSameFileWithTheCli() throws Exception {
        int leaker = 40;
        Api consumer = consumers.get(leaker % consumers.size());
        Path file = work.resolve("leaked.jsonl");
        Files.write(file, leakAsJsonLines(consumer.get("/api/v1/exchanges/" + exchanges.get(leaker) + "/data?format=csv").raw(), 11));

        NodeProcess.Result r = NodeProcess.cli("trace", "--file", file.toString(), "--json", "--data-dir", guangdong.dataDir.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode report = NodeProcess.JSON.readTree(r.stdout());
        assertThat(report.path("suspect").path("exchangeId").asText()).isEqualTo(exchanges.get(leaker));
        assertThat(report.path("suspect").path("consumerDepartment").asText()).isEqualTo(recipients.get(leaker));
    }

    @Test
    @Order(3)
    void theProvidersOwnUnmarkedRowsGiveNoMatchWithItsProbability() {
        long before = leakEntries();

        Api.Reply r = auditor.postBytes("/api/v1/supervision/trace", "text/csv", sourceCsv);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("verdict").asText()).isEqualTo("no match");
        assertThat(r.body().path("suspect").isNull()).isTrue();
        assertThat(r.body().path("bestFalseAccusationProbability").asDouble()).isGreaterThan(1e-6);
        assertThat(leakEntries()).isEqualTo(before + 1);
    }

    @Test
    @Order(4)
    void filesThatCannotBeTracedAreProblemsNotVerdicts() {
        Api.Reply empty = auditor.postBytes("/api/v1/supervision/trace", "text/csv", new byte[0]);
        Api.Reply noIdentity = auditor.postBytes("/api/v1/supervision/trace", "text/csv",
                "name,amount\n广东企业1,5007.12\n".getBytes(StandardCharsets.UTF_8));
        Api.Reply plain = auditor.postBytes("/api/v1/supervision/trace", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        Api.Reply notAnAuditor = Api.department(guangdong, "gd-clerk", "consumer")
                .postBytes("/api/v1/supervision/trace", "text/csv", sourceCsv);

        assertThat(empty.status()).as(empty.raw()).isEqualTo(400);
        assertThat(noIdentity.status()).as(noIdentity.raw()).isEqualTo(422);
        assertThat(noIdentity.body().path("detail").asText()).contains("id_no");
        assertThat(plain.status()).as(plain.raw()).isEqualTo(415);
        assertThat(notAnAuditor.status()).as(notAnAuditor.raw()).isEqualTo(403);
    }
}
