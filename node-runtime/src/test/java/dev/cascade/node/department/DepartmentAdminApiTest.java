package dev.cascade.node.department;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class DepartmentAdminApiTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void addsADepartmentListsItAndRecordsTheEvent() {
        String id = uniqueId("health");
        admin().body(Map.of("id", id, "name", "广州市卫生健康委员会")).post("/admin/v1/departments")
                .then().statusCode(201)
                .body("id", equalTo(id)).body("name", equalTo("广州市卫生健康委员会"))
                .body("createdAt", notNullValue()).body("suspendedAt", nullValue());

        admin().get("/admin/v1/departments").then().statusCode(200).body("id", hasItem(id));
        admin().queryParam("type", "department.added").get("/admin/v1/events")
                .then().statusCode(200).body("subject", hasItem(id)).body("actor", hasItem("operator@test"));
    }

    @Test
    void refusesADuplicateIdWithAConflictProblem() {
        String id = uniqueId("dup");
        admin().body(Map.of("id", id, "name", "first")).post("/admin/v1/departments").then().statusCode(201);

        admin().body(Map.of("id", id, "name", "second")).post("/admin/v1/departments")
                .then().statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409)).body("detail", equalTo("department " + id + " already exists"));
        admin().get("/admin/v1/departments").then().body("find { it.id == '" + id + "' }.name", equalTo("first"));
    }

    @Test
    void refusesIdsOutsideThePatternAndBlankNames() {
        for (String bad : List.of("A-upper", "-leading-dash", "x", "has space", "a".repeat(65))) {
            admin().body(Map.of("id", bad, "name", "n")).post("/admin/v1/departments")
                    .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("department id"));
        }
        admin().body(Map.of("id", uniqueId("blank"), "name", "  ")).post("/admin/v1/departments")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("name"));
        admin().body(Map.of("id", uniqueId("long"), "name", "n".repeat(256))).post("/admin/v1/departments")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void malformedJsonIsABadRequestProblemAndStoresNothing() {
        admin().body("{\"id\": \"half-written\", \"name\": ").post("/admin/v1/departments")
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));

        admin().get("/admin/v1/departments").then().body("id", not(hasItem("half-written")));
    }

    @Test
    void aBodyOverTheOneMegabyteLimitIsRefusedWith413AndStoresNothing() {
        String name = "n".repeat(1024 * 1024 + 1);
        admin().body("{\"id\": \"oversized\", \"name\": \"" + name + "\"}").post("/admin/v1/departments")
                .then().statusCode(413).contentType(PROBLEM).body("status", equalTo(413));

        admin().get("/admin/v1/departments").then().body("id", not(hasItem("oversized")));
    }

    @Test
    void issuesATokenForTheDepartmentWithItsRolesUnderTheDepartmentAudience() throws Exception {
        String id = added("tax");

        JsonNode issued = json(admin().body(Map.of("roles", List.of("provider", "auditor"), "ttlSeconds", 3600))
                .post("/admin/v1/departments/" + id + "/tokens")
                .then().statusCode(201)
                .body("dept", equalTo(id)).body("roles", equalTo(List.of("provider", "auditor")))
                .extract().asString());

        JsonNode claims = claims(issued.path("token").asText());
        assertThat(claims.path("aud").isArray() ? claims.path("aud").get(0).asText() : claims.path("aud").asText())
                .isEqualTo("cascade-dept");
        assertThat(claims.path("iss").asText()).isEqualTo("cascade-node/100000");
        assertThat(claims.path("sub").asText()).isEqualTo("dept:" + id);
        assertThat(claims.path("upn").asText()).isEqualTo("dept:" + id);
        assertThat(claims.path("dept").asText()).isEqualTo(id);
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("provider", "auditor");
        Instant expiresAt = Instant.parse(issued.path("expiresAt").asText());
        assertThat(claims.path("exp").asLong()).isBetween(expiresAt.getEpochSecond() - 1, expiresAt.getEpochSecond() + 1);
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        admin().queryParam("type", "department.token-issued").get("/admin/v1/events")
                .then().body("subject", hasItem(id)).body("detail", hasItem(containsString("roles provider,auditor")));
    }

    @Test
    void aTokenWithoutALifetimeLastsThirtyDays() throws Exception {
        String id = added("default-ttl");

        JsonNode issued = json(admin().body(Map.of("roles", List.of("consumer"))).post("/admin/v1/departments/" + id + "/tokens")
                .then().statusCode(201).extract().asString());

        assertThat(Duration.between(Instant.now(), Instant.parse(issued.path("expiresAt").asText())))
                .isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30));
    }

    @Test
    void neverGivesADepartmentTheNodeAdminRoleOrAnUnknownRole() {
        String id = added("greedy");
        for (List<String> roles : List.of(List.of("provider", "node-admin"), List.of("superuser"), List.<String>of())) {
            admin().body(Map.of("roles", roles)).post("/admin/v1/departments/" + id + "/tokens")
                    .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("provider, consumer, approver, auditor"));
        }
    }

    @Test
    void refusesLifetimesUnderAMinuteOrOverAYear() {
        String id = added("ttl");
        for (long ttl : new long[] {59, Duration.ofDays(366).toSeconds()}) {
            admin().body(Map.of("roles", List.of("consumer"), "ttlSeconds", ttl)).post("/admin/v1/departments/" + id + "/tokens")
                    .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("must be between"));
        }
    }

    @Test
    void refusesATokenForAnUnknownDepartment() {
        admin().body(Map.of("roles", List.of("consumer"))).post("/admin/v1/departments/no-such-dept/tokens")
                .then().statusCode(404).contentType(PROBLEM).body("detail", equalTo("unknown department no-such-dept"));
    }

    @Test
    void refusesATokenForASuspendedDepartmentAndRecordsTheSuspension() {
        String id = added("suspended");
        admin().post("/admin/v1/departments/" + id + "/suspend").then().statusCode(200).body("suspendedAt", notNullValue());

        admin().body(Map.of("roles", List.of("consumer"))).post("/admin/v1/departments/" + id + "/tokens")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("department " + id + " is suspended"));
        admin().queryParam("type", "department.suspended").get("/admin/v1/events").then().body("subject", hasItem(id));
    }

    private String added(String prefix) {
        String id = uniqueId(prefix);
        admin().body(Map.of("id", id, "name", "Department " + id)).post("/admin/v1/departments").then().statusCode(201);
        return id;
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
