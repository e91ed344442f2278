package dev.cascade.node.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Revoking cuts off a child and its whole subtree and floods a new list through the hierarchy, so
 * the endpoint must refuse, before anything is signed, every region this node did not certify.
 * Revoking a child that really joined is covered by the multi-node ITs.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class RevocationsResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aRequestWithoutARegionIsABadRequestNamingTheField() {
        admin().body(Map.of("reason", "key compromise")).post("/admin/v1/revocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400)).body("detail", equalTo("field 'region' is required"));
    }

    @Test
    void aCityTwoTiersBelowIsNotADirectChildAndIsRefused() {
        admin().body(Map.of("region", "440100", "reason", "key compromise")).post("/admin/v1/revocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("440100 is not a direct child of 100000; a node revokes only the children it certified"));
    }

    @Test
    void aMalformedRegionIsABadRequestSayingWhy() {
        admin().body(Map.of("region", "990000")).post("/admin/v1/revocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("region code 990000 has unknown province prefix 99"));
    }

    @Test
    void aDirectChildThatNeverJoinedIsNotFoundAndNothingIsRevoked() {
        // 650000 (Xinjiang) is a direct child of the national node that no test lets join.
        admin().body(Map.of("region", "650000", "reason", "key compromise")).post("/admin/v1/revocations")
                .then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("detail", equalTo("650000 never joined 100000"));

        given().auth().oauth2(tokens.admin()).queryParam("type", "child.revoked").queryParam("limit", 1000)
                .get("/admin/v1/events")
                .then().statusCode(200).body("subject", not(hasItem("650000")));
    }

    @Test
    void aCallWithoutATokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(Map.of("region", "650000")).post("/admin/v1/revocations")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("a bearer token is required"));
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }
}
