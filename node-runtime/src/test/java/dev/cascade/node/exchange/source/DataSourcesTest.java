package dev.cascade.node.exchange.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.cascade.node.testing.JsonReplies;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.protocol.exchange.Row;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** Provider sources end to end: upload, HTTP and PostgreSQL sources, who may configure them, and what the pipeline reads. */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class DataSourcesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final AtomicInteger SERIAL = new AtomicInteger((int) (System.nanoTime() % 500_000));
    private static final Charset GBK = Charset.forName("GBK");

    private static HttpServer api;
    private static final AtomicReference<String> toggled = new AtomicReference<>("[{\"uscc\":\"1\",\"企业名称\":\"甲\"}]");
    private static final AtomicInteger toggledStatus = new AtomicInteger(200);

    @Inject
    DataSources sources;
    @Inject
    SourceStore store;
    @Inject
    Pool pool;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String databaseUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String databasePassword;
    @ConfigProperty(name = "cascade.data-dir")
    Path dataDir;
    @TestHTTPResource("/")
    URI node;

    private NodeTokens tokens;
    private String owner;
    private String ownerToken;

    @BeforeAll
    static void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/licences", ex -> {
            boolean keyed = "k-123".equals(ex.getRequestHeaders().getFirst("X-Api-Key"));
            JsonReplies.send(ex, keyed ? 200 : 401, keyed ? "{\"total\":2,\"data\":[{\"uscc\":\"91440101MA59\",\"企业名称\":\"广州甲公司\",\"capital\":1.50},"
                    + "{\"uscc\":\"91440101MA60\",\"企业名称\":null,\"nested\":{\"a\":[1,2]}}],\"more\":false}" : "{}");
        });
        api.createContext("/broken", ex -> JsonReplies.send(ex, 500, "{\"error\":\"down\"}"));
        api.createContext("/mixed", ex -> JsonReplies.send(ex, 200, "[{\"uscc\":\"1\",\"企业名称\":\"a\"},{\"uscc\":\"2\",\"企业名称\":\"b\"},42]"));
        api.createContext("/toggle", ex -> JsonReplies.send(ex, toggledStatus.get(), toggled.get()));
        api.start();
    }

    @AfterAll
    static void stopApi() {
        api.stop(0);
    }

    @BeforeEach
    void department() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tokens = NodeTokens.ofRunningNode();
        owner = added("src-owner");
        ownerToken = tokens.department(owner, "provider");
    }

    // ---------------------------------------------------------------- uploads

    @Test
    void aUtf8CsvWithQuotedCommasQuotesAndLineBreaksIsStoredAndReadBackAsTheCatalogsFields() {
        String id = registered("upload");
        String csv = "uscc,企业名称,内部备注\r\n91440101MA59,\"广州甲公司, \"\"总部\"\"\r\n第二行\",secret\r\n91440101MA60,乙公司,x\r\n";

        upload(id, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200)
                .body("config.kind", equalTo("file")).body("config.format", equalTo("csv"))
                .body("config.encoding", equalTo("utf-8")).body("rowCount", equalTo(2))
                .body("columns", equalTo(List.of("uscc", "企业名称", "内部备注")));

        List<Row> rows = readAll(id);
        assertThat(rows).containsExactly(Row.of("91440101MA59", "广州甲公司, \"总部\"\r\n第二行"), Row.of("91440101MA60", "乙公司"));
        given().auth().oauth2(ownerToken).get(source(id)).then().statusCode(200)
                .body("config.rowCount", equalTo(2)).body("config.sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
    }

    @Test
    void aGbkCsvDeclaredAsGbkIsDecoded() {
        String id = registered("upload");
        byte[] gbk = "uscc,企业名称\n1,广州市越秀区甲公司\n".getBytes(GBK);

        upload(id, "text/csv; charset=GBK", gbk).then().statusCode(200).body("config.encoding", equalTo("gbk"));
        assertThat(readAll(id)).containsExactly(Row.of("1", "广州市越秀区甲公司"));
    }

    @Test
    void aGbkCsvWithoutADeclaredCharsetIsDetected() {
        String id = registered("upload");
        upload(id, "text/csv", "uscc,企业名称\n1,深圳乙公司\n".getBytes(GBK))
                .then().statusCode(200).body("config.encoding", equalTo("gbk")).body("columns[1]", equalTo("企业名称"));
        assertThat(readAll(id)).containsExactly(Row.of("1", "深圳乙公司"));
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheFirstColumnName() {
        String id = registered("upload");
        upload(id, "text/csv", "\uFEFFuscc,企业名称\n1,丙\n".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200).body("config.encoding", equalTo("utf-8")).body("columns[0]", equalTo("uscc"));
        assertThat(readAll(id)).containsExactly(Row.of("1", "丙"));
    }

    @Test
    void jsonLinesAreStoredWithEveryMemberAsAColumnAndAbsentMembersReadAsNull() {
        String id = registered("upload");
        String jsonl = "{\"uscc\":\"1\",\"企业名称\":\"甲\",\"capital\":12.50}\n\n{\"uscc\":\"2\",\"extra\":true}\n";
        upload(id, "application/x-ndjson", jsonl.getBytes(StandardCharsets.UTF_8))
                .then().statusCode(200).body("config.format", equalTo("jsonl")).body("rowCount", equalTo(2))
                .body("columns", equalTo(List.of("uscc", "企业名称", "capital", "extra")));
        assertThat(readAll(id)).containsExactly(Row.of("1", "甲"), Row.of("2", null));
    }

    @Test
    void aCsvLineWithTheWrongFieldCountIsRefusedNamingTheLineAndNothingIsStored() throws IOException {
        String id = registered("upload");
        long filesBefore = storedFiles();
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n2,乙,多余\n3,丙\n".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(400).contentType(PROBLEM)
                .body("reason", equalTo("BAD_RECORD"))
                .body("detail", equalTo("line 3: 3 fields where the header has 2"));

        given().auth().oauth2(ownerToken).get(source(id)).then().statusCode(404);
        assertThat(storedFiles()).isEqualTo(filesBefore);
        assertThatThrownBy(() -> sources.open(id)).isInstanceOfSatisfying(SourceFailure.class,
                f -> assertThat(f.reason()).isEqualTo(SourceFailure.Reason.NOT_CONFIGURED));
    }

    @Test
    void aRefusedUploadLeavesThePreviousFileInPlace() {
        String id = registered("upload");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
        upload(id, "text/csv", "uscc,企业名称\n1,\"unclosed\n".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(400).body("detail", equalTo("line 2: a quoted field is never closed"));
        assertThat(readAll(id)).containsExactly(Row.of("1", "甲"));
    }

    @Test
    void gbkBytesDeclaredUtf8AreRefusedNamingTheLine() {
        String id = registered("upload");
        byte[] head = "uscc,企业名称\n1,ok\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "2,广州\n".getBytes(GBK);
        byte[] body = new byte[head.length + bad.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);

        upload(id, "text/csv; charset=UTF-8", body).then().statusCode(400).contentType(PROBLEM)
                .body("reason", equalTo("BAD_ENCODING"))
                .body("detail", equalTo("line 3: bytes that are not valid UTF-8"));
        given().auth().oauth2(ownerToken).get(source(id)).then().statusCode(404);
    }

    @Test
    void aFileLackingACatalogFieldIsASchemaMismatchNamingIt() {
        String id = registered("upload");
        upload(id, "text/csv", "uscc,名称\n1,甲\n".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(400).body("reason", equalTo("SCHEMA_MISMATCH"))
                .body("detail", startsWith("the source lacks field 企业名称 that the catalog lists"));
    }

    @Test
    void aFileAlteredOnDiskAfterUploadIsABadRecordWhenRead() throws IOException {
        String id = registered("upload");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n2,乙\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
        String fileName = given().auth().oauth2(ownerToken).get(source(id)).then().extract().path("config.fileName");
        Files.writeString(dataDir.resolve("sources").resolve(fileName), "uscc,企业名称\n1,甲\n2\n");

        try (RowSource rows = sources.open(id)) {
            assertThat(rows.next()).contains(Row.of("1", "甲"));
            assertThatThrownBy(rows::next).isInstanceOfSatisfying(SourceFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(SourceFailure.Reason.BAD_RECORD)).hasMessageStartingWith("line 3:");
        }
    }

    @Test
    void anUploadFarLargerThanTheRestBodyLimitIsStreamedWhileOtherEndpointsKeepTheLimit() throws IOException {
        String id = registered("upload");
        StringBuilder csv = new StringBuilder("uscc,企业名称,padding\n");
        String padding = "x".repeat(40);
        for (int i = 0; i < 60_000; i++) {
            csv.append(i).append(",企业").append(i).append(',').append(padding).append('\n');
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(3 * 1024 * 1024);

        upload(id, "text/csv", body).then().statusCode(200).body("rowCount", equalTo(60_000));
        assertThat(readAll(id)).hasSize(60_000);

        // Other endpoints keep the 1 MB limit. The client sends the body only after 100 Continue, so the refusal
        // cannot race it (a client still writing the body when the node closed the connection saw "broken pipe").
        String big = tooLargeConfig();
        Answer refused = expectingContinue(source(id), big.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.continued()).isFalse();
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.head()).containsIgnoringCase("content-type: " + PROBLEM);
        assertTooLarge(JsonPath.from(refused.body()), big);
    }

    @Test
    void aClientExpecting100ContinueLearnsOfTheBodyLimitWithoutSendingTheBody() throws IOException {
        long length = 2 * 1024 * 1024;
        // Not a byte of the body is sent: the answer comes anyway, and the node closes the connection after it.
        String answer = headersOnly("POST /api/v1/resources", length, "Expect: 100-continue\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue")
                .containsIgnoringCase("content-type: " + PROBLEM).containsIgnoringCase("connection: close");
        JsonPath problem = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("detail"))
                .isEqualTo("the body is " + length + " bytes; this node accepts request bodies of at most 1048576 bytes");
    }

    @Test
    void aBodyTooLargeToBeWorthReadingIsRefusedAndTheConnectionClosed() throws IOException {
        // Without Expect the node would read up to 8 MB of the body; beyond that it answers and closes at once.
        String answer = headersOnly("POST /api/v1/resources", 9 * 1024 * 1024, "");

        assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("content-type: " + PROBLEM)
                .containsIgnoringCase("connection: close");
    }

    @Test
    void aRequestWithinTheBodyLimitExpecting100ContinueIsServed() throws IOException {
        String id = registered("http");
        String config = "{\"kind\":\"http\",\"url\":\"" + apiUrl("/licences") + "\",\"headers\":{\"X-Api-Key\":\"k-123\"},"
                + "\"recordsMember\":\"data\"}";
        Answer served = expectingContinue(source(id), config.getBytes(StandardCharsets.UTF_8));
        assertThat(served.continued()).isTrue();
        assertThat(served.status()).isEqualTo(200);
        assertThat(JsonPath.from(served.body()).getInt("rowCount")).isEqualTo(2);
    }

    @Test
    void aTooLargeBodySentWithoutExpectIsReadToItsEndAndRefusedWithAProblem() {
        String id = registered("http");
        String big = tooLargeConfig();
        // Rest Assured writes the whole body before it reads the answer: the node must read it rather than close.
        JsonPath problem = given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(big).put(source(id))
                .then().statusCode(413).contentType(PROBLEM).extract().jsonPath();
        assertTooLarge(problem, big);
    }

    // ---------------------------------------------------------------- HTTP sources

    @Test
    void anHttpSourceIsProbedWithItsHeaderAndNeverShowsTheKey() {
        String id = registered("http");
        String config = "{\"kind\":\"http\",\"url\":\"" + apiUrl("/licences") + "\",\"headers\":{\"X-Api-Key\":\"k-123\"},"
                + "\"recordsMember\":\"data\"}";
        String shown = given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(config).put(source(id))
                .then().statusCode(200).body("columns", equalTo(List.of("uscc", "企业名称", "capital", "nested")))
                .body("rowCount", equalTo(2)).body("config.headers", equalTo(List.of("X-Api-Key")))
                .extract().asString();
        assertThat(shown).doesNotContain("k-123");
        assertThat(given().auth().oauth2(ownerToken).get(source(id)).then().statusCode(200).extract().asString())
                .doesNotContain("k-123");

        assertThat(readAll(id)).containsExactly(Row.of("91440101MA59", "广州甲公司"), Row.of("91440101MA60", null));
        // At rest the key is sealed under the node's storage key, bound to this resource.
        assertThat(storedSecrets(id)).startsWith("sealed:v1:").doesNotContain("k-123");
    }

    @Test
    void secretsStoredInTheClearBeforeSealingAreSealedAtStartAndStillRead() {
        String id = registered("http");
        String config = "{\"kind\":\"http\",\"url\":\"" + apiUrl("/licences") + "\",\"headers\":{\"X-Api-Key\":\"k-123\"},"
                + "\"recordsMember\":\"data\"}";
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(config).put(source(id)).then().statusCode(200);
        // As a node of the previous version left it: the secrets JSON in the clear.
        pool.preparedQuery("update data_source set secrets = $1 where resource_id = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of("{\"headers\":{\"X-Api-Key\":\"k-123\"}}", id)).await().indefinitely();
        assertThat(readAll(id)).hasSize(2); // still readable meanwhile

        store.sealLegacySecrets(null);

        assertThat(storedSecrets(id)).startsWith("sealed:v1:").doesNotContain("k-123");
        assertThat(readAll(id)).containsExactly(Row.of("91440101MA59", "广州甲公司"), Row.of("91440101MA60", null));
    }

    @Test
    void aSealedSecretMovedToAnotherResourceDoesNotOpen() {
        String first = registered("http");
        String second = registered("http");
        String config = "{\"kind\":\"http\",\"url\":\"" + apiUrl("/licences") + "\",\"headers\":{\"X-Api-Key\":\"k-123\"},"
                + "\"recordsMember\":\"data\"}";
        for (String id : List.of(first, second)) {
            given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(config).put(source(id)).then().statusCode(200);
        }
        pool.preparedQuery("update data_source set secrets = $1 where resource_id = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(storedSecrets(first), second)).await().indefinitely();
        assertThatThrownBy(() -> readAll(second)).hasMessageContaining("does not open");
    }

    private String storedSecrets(String id) {
        return pool.preparedQuery("select secrets from data_source where resource_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().indefinitely().iterator().next().getString(0);
    }

    @Test
    void anHttpSourceAnswering500IsUnreachableWithTheStatus() {
        String id = registered("http");
        putSource(id, "{\"kind\":\"http\",\"url\":\"" + apiUrl("/broken") + "\"}")
                .then().statusCode(502).contentType(PROBLEM).body("reason", equalTo("UNREACHABLE"))
                .body("detail", containsString("answered HTTP 500"));
    }

    @Test
    void anHttpSourceRefusingConnectionsIsUnreachable() throws IOException {
        String id = registered("http");
        putSource(id, "{\"kind\":\"http\",\"url\":\"http://127.0.0.1:" + freePort() + "/x\",\"timeoutSeconds\":5}")
                .then().statusCode(502).body("reason", equalTo("UNREACHABLE")).body("detail", containsString("connection refused"));
    }

    @Test
    void aNonObjectElementIsABadRecordNamingItsIndex() {
        String id = registered("http");
        putSource(id, "{\"kind\":\"http\",\"url\":\"" + apiUrl("/mixed") + "\"}")
                .then().statusCode(400).body("reason", equalTo("BAD_RECORD"))
                .body("detail", containsString("element [2] is a number, not an object"));
    }

    @Test
    void anHttpSourceThatFailsAfterConfigurationFailsTheReadAsUnreachable() {
        String id = registered("http");
        toggledStatus.set(200);
        putSource(id, "{\"kind\":\"http\",\"url\":\"" + apiUrl("/toggle") + "\"}").then().statusCode(200);
        toggledStatus.set(503);
        try {
            assertThatThrownBy(() -> sources.open(id)).isInstanceOfSatisfying(SourceFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(SourceFailure.Reason.UNREACHABLE)).hasMessageContaining("HTTP 503");
        } finally {
            toggledStatus.set(200);
        }
    }

    @Test
    void anInvalidConfigurationNamesEveryField() {
        String id = registered("http");
        putSource(id, "{\"kind\":\"http\",\"url\":\"ftp://x\",\"timeoutSeconds\":0,\"colour\":1}")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", org.hamcrest.Matchers.hasItems("url", "timeoutSeconds", "colour"));
    }

    // ---------------------------------------------------------------- PostgreSQL sources

    @Test
    void aPostgresTableOf50000RowsIsStreamedThroughACursor() {
        providerSchema();
        String id = registered("postgres");
        putSource(id, postgres("\"table\":\"provider_src.licence\""))
                .then().statusCode(200).body("columns", equalTo(List.of("id", "uscc", "企业名称", "capital", "issued", "scan")))
                .body("config.passwordSet", equalTo(true)).body("config.table", equalTo("provider_src.licence"));
        assertThat(given().auth().oauth2(ownerToken).get(source(id)).asString()).doesNotContain(databasePassword);
        assertThat(storedSecrets(id)).doesNotContain(databasePassword);

        long count = 0;
        try (RowSource rows = sources.open(id)) {
            assertThat(rows.schema().columns()).containsExactly("uscc", "企业名称");
            for (Optional<Row> row = rows.next(); row.isPresent(); row = rows.next()) {
                count++;
            }
        }
        assertThat(count).isEqualTo(50_000);
    }

    @Test
    void aPostgresViewAndAFixedQueryAreSourcesWithStableText() {
        providerSchema();
        String view = registered("postgres");
        putSource(view, postgres("\"table\":\"provider_src.licence_view\"")).then().statusCode(200)
                .body("columns", equalTo(List.of("uscc", "企业名称", "capital", "issued", "scan")));
        assertThat(readAll(view)).hasSize(50_000);

        String query = registered("postgres", List.of("uscc", "capital", "issued", "scan"));
        putSource(query, postgres("\"query\":\"select uscc, capital, issued, scan from provider_src.licence where id <= 2 order by id\""))
                .then().statusCode(200);
        assertThat(readAll(query)).containsExactly(
                Row.of("91440101000000001", "1000.50", "2026-01-01T00:00:00Z", "\\x0102"),
                Row.of("91440101000000002", "2000.00", "2026-01-01T00:00:00Z", null));
    }

    @Test
    void aMissingTableIsASchemaMismatchAndAnUnreachableDatabaseIsUnreachable() throws IOException {
        String id = registered("postgres");
        putSource(id, postgres("\"table\":\"provider_src.no_such_table\"")).then().statusCode(400)
                .body("reason", equalTo("SCHEMA_MISMATCH")).body("detail", containsString("no_such_table"));
        String config = postgres("\"table\":\"provider_src.licence\"").replace("\"port\":" + databasePort(), "\"port\":" + freePort());
        putSource(id, config).then().statusCode(502).body("reason", equalTo("UNREACHABLE"));
    }

    @Test
    void aTableNameThatIsNotAnIdentifierIsRefusedBeforeAnyConnection() {
        String id = registered("postgres");
        putSource(id, postgres("\"table\":\"licence; drop table x\"")).then().statusCode(400)
                .body("violations[0].field", equalTo("table"));
    }

    // ---------------------------------------------------------------- subscriptions: increments since a mark

    @Test
    void aTableWithAnUpdateColumnIsReadSinceAMarkInThatColumnsOrder() {
        permits();
        String id = registered("postgres");
        putSource(id, postgres("\"table\":\"provider_src.permit\",\"updateColumn\":\"modified\""))
                .then().statusCode(200).body("config.updateColumn", equalTo("modified"));
        assertThat(sources.whyNoIncrements(id)).isEmpty();

        Optional<String> mark = sources.markNow(id);
        assertThat(mark).contains("2026-11-01T00:03:00Z");
        assertThat(sources.changedSince(id, mark)).isFalse();

        sql("update provider_src.permit set modified = timestamptz '2026-11-02 08:00:00+08', 企业名称 = '甲二' where id = 1;"
                + " update provider_src.permit set modified = timestamptz '2026-11-02 09:00:00+08' where id = 3;"
                + " insert into provider_src.permit values (4, '4', '丁', null)");
        assertThat(sources.changedSince(id, mark)).isTrue();
        try (IncrementRows increment = sources.openSince(id, mark)) {
            assertThat(drain(increment)).containsExactly(Row.of("1", "甲二"), Row.of("3", "丙"));
            assertThat(increment.reached()).contains("2026-11-02T01:00:00Z");
        }
        assertThat(sources.changedSince(id, Optional.of("2026-11-02T01:00:00Z"))).isFalse();
        // From no mark: every row whose update column has a value, a row without one never.
        try (IncrementRows all = sources.openSince(id, Optional.empty())) {
            assertThat(drain(all)).extracting(r -> r.get(0)).containsExactly("2", "1", "3");
        }
    }

    @Test
    void anUpdateColumnBelongsToATableNotAQueryAndMustBeOneOfItsColumns() {
        permits();
        String id = registered("postgres");
        putSource(id, postgres("\"query\":\"select uscc, 企业名称 from provider_src.permit\",\"updateColumn\":\"modified\""))
                .then().statusCode(400).body("violations[0].field", equalTo("updateColumn"));
        putSource(id, postgres("\"table\":\"provider_src.permit\",\"updateColumn\":\"modified; drop table x\""))
                .then().statusCode(400).body("violations[0].field", equalTo("updateColumn"));
        putSource(id, postgres("\"table\":\"provider_src.permit\",\"updateColumn\":\"changed\""))
                .then().statusCode(400).body("violations[0].field", equalTo("updateColumn"))
                .body("violations[0].detail", containsString("has no column 'changed'"));
        putSource(id, postgres("\"table\":\"provider_src.permit\"")).then().statusCode(200);
        assertThat(sources.whyNoIncrements(id)).get().asString().contains("names no update column");
    }

    @Test
    void aNewUploadIsTheNextIncrementOfAFileSource() {
        String id = registered("upload");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
        Optional<String> mark = sources.markNow(id);
        assertThat(mark.orElseThrow()).matches("[0-9a-f]{64}");
        assertThat(sources.changedSince(id, mark)).isFalse();
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n2,乙\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(200);
        assertThat(sources.changedSince(id, mark)).isTrue();
        try (IncrementRows increment = sources.openSince(id, mark)) {
            assertThat(drain(increment)).containsExactly(Row.of("1", "甲"), Row.of("2", "乙"));
            assertThat(increment.reached()).isPresent().isNotEqualTo(mark);
        }
    }

    /** Permits with a modification time: rows 1 to 3 written at 08:01, 08:02 and 08:03 (+08). */
    private void permits() {
        sql("create schema if not exists provider_src; drop table if exists provider_src.permit;"
                + " create table provider_src.permit (id int primary key, uscc text not null, 企业名称 text, modified timestamptz);"
                + " insert into provider_src.permit values (1, '1', '甲', timestamptz '2026-11-01 08:01:00+08'),"
                + " (2, '2', '乙', timestamptz '2026-11-01 08:00:30+08'), (3, '3', '丙', timestamptz '2026-11-01 08:03:00+08')");
    }

    private void sql(String statements) {
        pool.query(statements).execute().await().indefinitely();
    }

    private static List<Row> drain(RowSource rows) {
        List<Row> out = new ArrayList<>();
        for (Optional<Row> row = rows.next(); row.isPresent(); row = rows.next()) {
            out.add(row.get());
        }
        return out;
    }

    // ---------------------------------------------------------------- who may

    @Test
    void anotherDepartmentMayNeitherConfigureNorUploadNorSeeTheSource() {
        String id = registered("upload");
        String other = tokens.department(added("src-other"), "provider");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8), other)
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("belongs to department " + owner));
        given().auth().oauth2(other).get(source(id)).then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(other).contentType(ContentType.JSON).body("{\"kind\":\"http\",\"url\":\"http://127.0.0.1/\"}")
                .put(source(id)).then().statusCode(403);
    }

    @Test
    void aDepartmentWithoutTheProviderRoleIsForbidden() {
        String id = registered("upload");
        String consumer = tokens.department(owner, "consumer");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8), consumer)
                .then().statusCode(403).body("detail", equalTo("role provider required"));
        given().auth().oauth2(consumer).get(source(id)).then().statusCode(403).body("detail", equalTo("role provider required"));
        given().contentType("text/csv").body("a\n1\n").put("/api/v1/resources/" + id + "/data").then().statusCode(401)
                .contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void anUnknownResourceIsNotFound() {
        String id = nextId();
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(ownerToken).get(source(id)).then().statusCode(404);
        putSource(id, "{\"kind\":\"http\",\"url\":\"http://127.0.0.1/\"}").then().statusCode(404);
    }

    @Test
    void aSourceOfAnotherKindThanTheCatalogDeclaresIsAConflict() {
        String id = registered("http");
        upload(id, "text/csv", "uscc,企业名称\n1,甲\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(409)
                .body("detail", containsString("declares source 'http'"));
    }

    // ---------------------------------------------------------------- helpers

    private List<Row> readAll(String id) {
        List<Row> rows = new ArrayList<>();
        try (RowSource source = sources.open(id)) {
            for (Optional<Row> row = source.next(); row.isPresent(); row = source.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    private io.restassured.response.Response upload(String id, String contentType, byte[] body) {
        return upload(id, contentType, body, ownerToken);
    }

    private io.restassured.response.Response upload(String id, String contentType, byte[] body, String token) {
        // Rest Assured would otherwise add "; charset=ISO-8859-1" to a text/csv without one.
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .auth().oauth2(token).contentType(contentType).body(body).put("/api/v1/resources/" + id + "/data");
    }

    /** A source configuration over the 1 MB REST body limit. */
    private static String tooLargeConfig() {
        return "{\"kind\":\"http\",\"url\":\"http://127.0.0.1/" + "y".repeat(2 * 1024 * 1024) + "\"}";
    }

    private static void assertTooLarge(JsonPath problem, String body) {
        assertThat(problem.getString("type")).isEqualTo("about:blank");
        assertThat(problem.getString("title")).isEqualTo("Payload Too Large");
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("detail")).isEqualTo("the body is " + body.getBytes(StandardCharsets.UTF_8).length
                + " bytes; this node accepts request bodies of at most 1048576 bytes");
    }

    private record Answer(boolean continued, int status, String head, String body) {
    }

    /**
     * {@code PUT path} with {@code Expect: 100-continue} over a plain socket: the body is written only once the node
     * answers 100 Continue. (The JDK 17 HttpClient hangs on an answer other than 100, JDK-8286171; Rest Assured's
     * client sends the body anyway after 3 s.)
     */
    private Answer expectingContinue(String path, byte[] body) throws IOException {
        try (Socket socket = new Socket(node.getHost(), node.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: " + node.getAuthority() + "\r\nAuthorization: Bearer " + ownerToken
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = head(in);
            boolean continued = head.startsWith("HTTP/1.1 100 ");
            if (continued) {
                out.write(body);
                out.flush();
                head = head(in);
            }
            // Connection: close, so the answer's body runs to the end of the stream.
            return new Answer(continued, Integer.parseInt(head.substring(9, 12)), head,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The whole answer to a request of which only the head is sent, read until the node closes the connection. */
    private String headersOnly(String requestLine, long contentLength, String moreHeaders) throws IOException {
        try (Socket socket = new Socket(node.getHost(), node.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + node.getAuthority() + "\r\nAuthorization: Bearer "
                    + ownerToken + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n"
                    + moreHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The status line and headers of a response, up to the empty line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended within a response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private io.restassured.response.Response putSource(String id, String json) {
        return given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(json).put(source(id));
    }

    private static String source(String id) {
        return "/api/v1/resources/" + id + "/source";
    }

    private String postgres(String target) {
        URI url = URI.create(databaseUrl);
        return "{\"kind\":\"postgres\",\"host\":\"" + url.getHost() + "\",\"port\":" + url.getPort() + ",\"database\":\""
                + url.getPath().substring(1) + "\",\"user\":\"" + databaseUser + "\",\"password\":\"" + databasePassword
                + "\",\"sslMode\":\"disable\",\"timeoutSeconds\":10," + target + "}";
    }

    private int databasePort() {
        return URI.create(databaseUrl).getPort();
    }

    /** A provider's own schema beside the node's tables: a table of 50,000 licences and a view on it. */
    private void providerSchema() {
        pool.query("create schema if not exists provider_src").execute()
                .chain(() -> pool.query("create table if not exists provider_src.licence (id int primary key, uscc text not null,"
                        + " 企业名称 text, capital numeric(12,2), issued timestamptz, scan bytea)").execute())
                .chain(() -> pool.query("insert into provider_src.licence select g, '914401010000' || lpad(g::text, 5, '0'),"
                        + " '企业' || g, g * 1000 + 0.5 * (g % 2), timestamptz '2026-01-01 08:00:00+08',"
                        + " case when g = 1 then '\\x0102'::bytea end from generate_series(1, 50000) g on conflict do nothing")
                        .execute())
                .chain(() -> pool.query("create or replace view provider_src.licence_view as"
                        + " select uscc, 企业名称, capital, issued, scan from provider_src.licence").execute())
                .await().indefinitely();
    }

    private String registered(String sourceKind) {
        return registered(sourceKind, List.of("uscc", "企业名称"));
    }

    private String registered(String sourceKind, List<String> fields) {
        String id = nextId();
        StringBuilder items = new StringBuilder();
        for (String f : fields) {
            items.append(items.length() == 0 ? "" : ",").append(f.equals("uscc")
                    ? "{\"name\":\"uscc\",\"type\":\"string\",\"description\":\"统一社会信用代码\",\"sensitiveType\":\"social-credit-code\",\"level\":\"L1\"}"
                    : "{\"name\":\"" + f + "\",\"type\":\"string\",\"description\":\"" + f + "\",\"level\":\"L1\"}");
        }
        String body = """
                {"id":"%s","title":"企业登记 %s","abstract":"企业登记信息，供跨层级共享","category":"enterprise","format":"csv",
                 "dataItems":[%s],
                 "level":"L2","sharingType":"conditional","sharingCondition":"用于行政审批","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"node","source":"%s"}
                """.formatted(id, id, items, sourceKind);
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body(body).post("/api/v1/resources")
                .then().statusCode(201);
        return id;
    }

    private static String nextId() {
        return "3.01.001.002-%06d".formatted(SERIAL.incrementAndGet() % 1_000_000);
    }

    private String added(String prefix) {
        String id = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", prefix))
                .post("/admin/v1/departments").then().statusCode(201);
        return id;
    }

    private long storedFiles() throws IOException {
        Path dir = dataDir.resolve("sources");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String apiUrl(String path) {
        return "http://127.0.0.1:" + api.getAddress().getPort() + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
