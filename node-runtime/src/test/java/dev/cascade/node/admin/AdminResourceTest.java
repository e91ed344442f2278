package dev.cascade.node.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The operator's status and event API is what the ops CLI reads a node through: it must answer
 * operators only, bound how much of the ledger one call reads, and say which node it is.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class AdminResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void anEventsLimitOfZeroOrOverAThousandIsABadRequest() {
        for (int limit : new int[] {0, 1001, -1}) {
            given().auth().oauth2(tokens.admin()).queryParam("limit", limit).get("/admin/v1/events")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("status", equalTo(400)).body("detail", equalTo("limit must be between 1 and 1000"));
        }
    }

    @Test
    void theLimitsAtTheBoundsAreServed() {
        given().auth().oauth2(tokens.admin()).queryParam("limit", 1).get("/admin/v1/events")
                .then().statusCode(200).body("$", hasSize(lessThanOrEqualTo(1)));
        given().auth().oauth2(tokens.admin()).queryParam("limit", 1000).get("/admin/v1/events")
                .then().statusCode(200).body("$", hasSize(lessThanOrEqualTo(1000)));
    }

    @Test
    void eventsWithoutATokenAreUnauthorized() {
        given().get("/admin/v1/events")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("a bearer token is required"));
    }

    @Test
    void statusWithoutATokenIsUnauthorized() {
        given().get("/admin/v1/status")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("a bearer token is required"));
    }

    @Test
    void aDepartmentTokenIsForbiddenNamingTheAdminRole() {
        String token = departmentToken();

        given().auth().oauth2(token).get("/admin/v1/events")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("role node-admin required"));
        given().auth().oauth2(token).get("/admin/v1/status")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("role node-admin required"));
    }

    @Test
    void statusNamesTheNationalNodesRegionAndTierAndNoParent() {
        given().auth().oauth2(tokens.admin()).get("/admin/v1/status")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("region", equalTo("100000"))
                .body("tier", equalTo("national"))
                .body("parent", nullValue())
                .body("startedAt", notNullValue());
    }

    private String departmentToken() {
        String id = "admin-api-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Department " + id))
                .post("/admin/v1/departments").then().statusCode(201);
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("provider", "consumer", "approver", "auditor")))
                .post("/admin/v1/departments/" + id + "/tokens").then().statusCode(201).extract().path("token");
    }
}
