package dev.cascade.node.classify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.cli.CascadeNodeMain;
import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.policy.detect.LabelledCorpus;
import dev.cascade.policy.detect.LabelledValue;
import dev.cascade.policy.detect.SensitiveType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import picocli.CommandLine;

/**
 * A provider labels its columns from what {@code POST /api/v1/classify} suggests, so the endpoint
 * must answer exactly what the CLI answers for the same sample, read JSON Lines as well, and refuse
 * a malformed sample naming the line instead of guessing.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class ClassifyResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private NodeTokens tokens;
    private String provider;

    @BeforeEach
    void department() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        String id = "cls-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Department " + id))
                .post("/admin/v1/departments").then().statusCode(201);
        provider = tokens.department(id, "provider");
    }

    @Test
    void aCsvSampleGetsTheCliAnswerWithoutTheFileName() throws Exception {
        String csv = sampleCsv();
        Path file = dir.resolve("sample.csv");
        Files.writeString(file, csv, Charset.forName("GBK"));

        String answer = given().auth().oauth2(provider).contentType("text/csv").body(Files.readAllBytes(file))
                .post("/api/v1/classify")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("encoding", equalTo("gbk")).body("rowsExamined", equalTo(40)).body("truncated", equalTo(false))
                .body("columns[0].type", equalTo("citizen-id"))
                .body("columns[0].level", equalTo(SensitiveType.CITIZEN_ID.level().wire()))
                .body("columns[1].type", equalTo("mobile"))
                .body("columns[2].type", equalTo("none")).body("columns[2].level", nullValue())
                .extract().asString();

        ObjectNode cli = (ObjectNode) JSON.readTree(cli("classify", "--sample", file.toString(), "--json"));
        assertThat(cli.remove("sample").asText()).isEqualTo(file.toString());
        assertThat(JSON.readTree(answer)).isEqualTo(cli);
    }

    @Test
    void aJsonLinesSampleIsClassifiedByMemberName() {
        List<String> ids = valuesOf(SensitiveType.CITIZEN_ID, 30);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            // A member some lines lack still becomes a column; numbers are read as their text.
            lines.append("{\"证件号码\":\"").append(ids.get(i)).append("\",\"序号\":").append(i)
                    .append(i % 2 == 0 ? ",\"备注\":null" : "").append("}\n");
        }
        given().auth().oauth2(provider).contentType("application/x-ndjson").body(lines.toString().getBytes(StandardCharsets.UTF_8))
                .queryParam("rows", 20)
                .post("/api/v1/classify")
                .then().statusCode(200)
                .body("encoding", equalTo("utf-8")).body("rowsExamined", equalTo(20)).body("truncated", equalTo(true))
                .body("columns.column", equalTo(List.of("证件号码", "序号", "备注")))
                .body("columns[0].type", equalTo("citizen-id")).body("columns[0].sampled", equalTo(20))
                .body("columns[2].sampled", equalTo(0));
    }

    @Test
    void aMalformedCsvIsABadRequestNamingTheLine() {
        given().auth().oauth2(provider).contentType("text/csv")
                .body("姓名,电话\n张三,13800138000\n\"李四,13900139000\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/classify")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("the sample is not readable: line 3: a quoted field is never closed"));
    }

    @Test
    void aJsonLineThatIsNotAnObjectIsABadRequestNamingTheLine() {
        given().auth().oauth2(provider).contentType("application/x-ndjson")
                .body("{\"a\":\"1\"}\n\n[1,2]\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/classify")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("the sample is not readable: line 3: a JSON array, not an object"));
    }

    @Test
    void anEmptyBodyAndAnUnknownEncodingAreBadRequests() {
        given().auth().oauth2(provider).contentType("text/csv").body(new byte[0]).post("/api/v1/classify")
                .then().statusCode(400).contentType(PROBLEM).body("detail", equalTo("the body is empty: send the sample itself"));
        given().auth().oauth2(provider).contentType("text/csv").queryParam("encoding", "latin1").body("a\n1\n".getBytes())
                .post("/api/v1/classify")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("unknown encoding 'latin1'; known: utf-8, gbk, auto"));
    }

    @Test
    void anotherMediaTypeIsUnsupported() {
        given().auth().oauth2(provider).contentType(ContentType.JSON).body("{\"a\":1}").post("/api/v1/classify")
                .then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void aSampleOverTheBodyLimitIsRefusedWith413() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        given().auth().oauth2(provider).contentType("text/csv").body(big).post("/api/v1/classify")
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void aDepartmentWithoutTheProviderRoleIsForbidden() {
        String id = "cls-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Department " + id))
                .post("/admin/v1/departments").then().statusCode(201);
        given().auth().oauth2(tokens.department(id, "consumer")).contentType("text/csv").body("a\n1\n".getBytes())
                .post("/api/v1/classify")
                .then().statusCode(403).contentType(PROBLEM);
    }

    private String sampleCsv() {
        List<String> ids = valuesOf(SensitiveType.CITIZEN_ID, 40);
        List<String> mobiles = valuesOf(SensitiveType.MOBILE, 40);
        StringBuilder csv = new StringBuilder("身份证号,联系电话,备注\n");
        for (int i = 0; i < 40; i++) {
            csv.append(ids.get(i)).append(',').append(mobiles.get(i)).append(",第").append(i).append("批次已核验\n");
        }
        return csv.toString();
    }

    private static List<String> valuesOf(SensitiveType type, int n) {
        return LabelledCorpus.generate(7, 200).stream()
                .filter(v -> v.truth().equals(Optional.of(type)) && !v.value().contains(",") && !v.value().contains("\""))
                .map(LabelledValue::value).limit(n).toList();
    }

    private static String cli(String... args) {
        CommandLine cli = new CommandLine(new CascadeNodeMain());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }
}
