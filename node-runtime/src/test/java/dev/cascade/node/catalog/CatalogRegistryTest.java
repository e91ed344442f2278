package dev.cascade.node.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.protocol.catalog.CatalogChange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Registrations of concurrent departments share the sequence lock and the commit, yet each is
 * numbered, signed, recorded with its ledger entry and answered as if it had been alone.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class CatalogRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(32);
    private static final AtomicInteger SERIES = new AtomicInteger(100);

    @Inject
    Pool pool;
    @TestHTTPResource("/api/v1/resources")
    URI resources;

    private String token;
    private String series;

    @BeforeEach
    void provider() {
        NodeTokens tokens = NodeTokens.ofRunningNode();
        String dept = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", dept, "name", dept))
                .post("/admin/v1/departments").then().statusCode(201);
        token = tokens.department(dept, "provider");
        series = "%03d".formatted(SERIES.incrementAndGet());
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @Test
    void concurrentRegistrationsShareCommitsYetEachGetsTheNextNumberDurablyWithItsLedgerEntry() throws Exception {
        long before = lastSeq();
        List<Reply> replies = postAll(64, i -> id(i));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body().toString()).isEqualTo(201));
        List<Long> seqs = replies.stream().map(r -> r.body().path("seq").asLong()).sorted().toList();
        assertThat(seqs).doesNotHaveDuplicates();
        assertThat(seqs.get(0)).isGreaterThan(before);
        // Nothing else registers on this node meanwhile: the 64 numbers follow each other.
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).as("numbers without gaps").isEqualTo(63L);
        assertThat(lastSeq()).isEqualTo(seqs.get(seqs.size() - 1));

        List<Row> stored = rows("select seq, body, xmin::text as tx from catalog_change where origin = '100000' and resource_id like $1"
                + " order by seq", "3.01." + series + ".%");
        assertThat(stored).hasSize(64);
        for (Row row : stored) {
            CatalogChange change = CatalogWire.parse(row.getBuffer("body").getBytes());
            assertThat(change.seq()).as("the signed body carries the number the row has").isEqualTo(row.getLong("seq"));
        }
        assertThat(stored.stream().map(r -> r.getString("tx")).distinct().count())
                .as("64 concurrent registrations committed in fewer transactions").isLessThan(64);
        assertThat(rows("select id from node_event where type = 'resource.registered' and subject like $1",
                "100000/3.01." + series + ".%")).hasSize(64);
    }

    @Test
    void aRefusedWriteInASharedGroupFailsAloneAndTakesNoNumber() throws Exception {
        // Each id registered twice at once: one of each pair wins, the other is a conflict.
        List<Reply> replies = postAll(32, i -> id(i / 2));

        assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(16);
        assertThat(replies.stream().filter(r -> r.status() == 409)).hasSize(16);
        List<Long> seqs = replies.stream().filter(r -> r.status() == 201).map(r -> r.body().path("seq").asLong()).toList();
        assertThat(rows("select seq from catalog_change where origin = '100000' and resource_id like $1", "3.01." + series + ".%")
                .stream().map(r -> r.getLong("seq")).toList()).containsExactlyInAnyOrderElementsOf(seqs);
    }

    @Test
    void versionsOfOneResourceFollowEachOtherThroughUpdateWithdrawalAndRegistrationAnew() throws Exception {
        String id = id(1);
        assertThat(send("POST", "", resource(id)).body().path("version").asInt()).isEqualTo(1);
        assertThat(send("PUT", "/" + id, resource(id)).body().path("version").asInt()).isEqualTo(2);
        assertThat(send("DELETE", "/" + id, null).body().path("version").asInt()).isEqualTo(3);
        assertThat(send("DELETE", "/" + id, null).status()).isEqualTo(404);
        Reply anew = send("POST", "", resource(id));
        assertThat(anew.status()).isEqualTo(201);
        assertThat(anew.body().path("version").asInt()).isEqualTo(4);
    }

    @Test
    void concurrentUpdatesOfOneResourceSharingAGroupLeaveItsNewestVersion() throws Exception {
        String id = id(1);
        assertThat(send("POST", "", resource(id)).status()).isEqualTo(201);
        List<Future<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(CLIENTS.submit(() -> send("PUT", "/" + id, resource(id))));
        }
        List<Integer> versions = new ArrayList<>();
        for (Future<Reply> call : calls) {
            Reply r = call.get();
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            versions.add(r.body().path("version").asInt());
        }
        assertThat(versions).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(2, 13).boxed().toList());
        // The versions of one group are written as one row (the newest); every change is kept.
        Row entry = rows("select version, seq, withdrawn_at from catalog_entry where origin = '100000' and resource_id = $1", id).get(0);
        assertThat(entry.getInteger("version")).isEqualTo(13);
        assertThat(entry.getValue("withdrawn_at")).isNull();
        assertThat(entry.getLong("seq")).isEqualTo(rows("select max(seq) as m from catalog_change where origin = '100000'"
                + " and resource_id = $1", id).get(0).getLong("m"));
        assertThat(rows("select seq from catalog_change where origin = '100000' and resource_id = $1", id)).hasSize(13);

        assertThat(send("DELETE", "/" + id, null).body().path("version").asInt()).isEqualTo(14);
        entry = rows("select version, withdrawn_at from catalog_entry where origin = '100000' and resource_id = $1", id).get(0);
        assertThat(entry.getInteger("version")).isEqualTo(14);
        assertThat(entry.getValue("withdrawn_at")).isNotNull();
    }

    @Test
    void aBatchRegistersEachDescriptorOnItsOwnAndAnswersEveryOutcomeInOrder() throws Exception {
        assertThat(send("POST", "", resource(id(3))).status()).isEqualTo(201);
        StringBuilder batch = new StringBuilder("{\"resources\":[");
        for (int i = 0; i < 40; i++) {
            String descriptor = i == 7 ? resource(id(i)).replace("\"level\":\"L2\"", "\"level\":\"L9\"") : resource(id(i));
            batch.append(i == 0 ? "" : ",").append(descriptor);
        }
        Reply reply = send("POST", "/batch", batch.append("]}").toString());

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("registered").asInt()).isEqualTo(38);
        assertThat(reply.body().path("refused").asInt()).isEqualTo(2);
        JsonNode results = reply.body().path("results");
        assertThat(results).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode r = results.get(i);
            assertThat(r.path("index").asInt()).isEqualTo(i);
            int expected = i == 3 ? 409 : i == 7 ? 400 : 201;
            assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(expected);
        }
        assertThat(results.get(7).path("violations").get(0).path("field").asText()).isEqualTo("level");
        assertThat(results.get(3).path("detail").asText()).contains(id(3));
        List<Long> seqs = new ArrayList<>();
        results.forEach(r -> {
            if (r.path("status").asInt() == 201) {
                seqs.add(r.path("seq").asLong());
            }
        });
        assertThat(rows("select seq from catalog_change where origin = '100000' and resource_id like $1", "3.01." + series + ".%")
                .stream().map(r -> r.getLong("seq")).toList()).hasSize(39).containsAll(seqs);
        assertThat(rows("select id from node_event where type = 'resource.registered' and subject like $1",
                "100000/3.01." + series + ".%")).hasSize(39);
    }

    @Test
    void aBatchThatIsNotOneIsRefusedWholeAndRegistersNothing() throws Exception {
        StringBuilder tooMany = new StringBuilder("{\"resources\":[");
        for (int i = 0; i <= ResourcesResource.MAX_BATCH; i++) {
            tooMany.append(i == 0 ? "" : ",").append(resource(id(i)));
        }
        for (String body : List.of("{\"resources\":[]}", "[" + resource(id(1)) + "]", "{\"resources\":{}}",
                tooMany.append("]}").toString())) {
            Reply reply = send("POST", "/batch", body);
            assertThat(reply.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
            assertThat(reply.body().path("detail").asText()).contains("1 to " + ResourcesResource.MAX_BATCH);
        }
        assertThat(rows("select seq from catalog_change where origin = '100000' and resource_id like $1", "3.01." + series + ".%"))
                .isEmpty();
    }

    @Test
    void oneResourceIsReadWithEveryDataItemUntilItIsWithdrawn() throws Exception {
        String id = id(1);
        assertThat(send("POST", "", resource(id)).status()).isEqualTo(201);
        Reply read = get("/api/v1/catalog/100000/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("origin").asText()).isEqualTo("100000");
        assertThat(read.body().path("version").asInt()).isEqualTo(1);
        assertThat(read.body().path("title").asText()).isEqualTo("并发登记" + id);
        assertThat(read.body().path("sharingCondition").asText()).isEqualTo("用于行政审批");
        assertThat(read.body().path("dataItems").get(0).path("name").asText()).isEqualTo("code");
        assertThat(read.body().path("dataItems").get(0).path("level").asText()).isEqualTo("L1");

        assertThat(get("/api/v1/catalog/100000/3.01.999.001-000001").status()).isEqualTo(404);
        Reply bad = get("/api/v1/catalog/12345/" + id);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("detail").asText()).contains("12345");
        send("DELETE", "/" + id, null);
        assertThat(get("/api/v1/catalog/100000/" + id).status()).as("withdrawn").isEqualTo(404);
    }

    private Reply get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(resources.toString().replace("/api/v1/resources", path)))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    private record Reply(int status, JsonNode body) {
    }

    private interface Ids {
        String of(int i);
    }

    private List<Reply> postAll(int n, Ids ids) throws Exception {
        List<Future<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = ids.of(i);
            calls.add(CLIENTS.submit(() -> send("POST", "", resource(id))));
        }
        List<Reply> out = new ArrayList<>();
        for (Future<Reply> call : calls) {
            out.add(call.get());
        }
        return out;
    }

    private Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(resources + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    private String id(int i) {
        return "3.01.%s.001-%06d".formatted(series, i + 1);
    }

    private static String resource(String id) {
        return """
                {"id":"%s","title":"并发登记%s","abstract":"并发登记测试，供跨层级共享","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"code","type":"string","description":"编码","level":"L1"}],
                 "level":"L2","sharingType":"conditional","sharingCondition":"用于行政审批","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(id, id);
    }

    private long lastSeq() {
        List<Row> r = rows("select last_seq from catalog_origin where origin = $1", "100000");
        return r.isEmpty() ? 0 : r.get(0).getLong("last_seq");
    }

    private List<Row> rows(String sql, String arg) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }
}
