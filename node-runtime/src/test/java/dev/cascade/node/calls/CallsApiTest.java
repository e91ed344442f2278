package dev.cascade.node.calls;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST surface of standing grants and calls, on one real node: what a department or operator
 * gets for a grant that is not there or a body that is wrong, and what the OpenAPI document says.
 * (Calls across nodes are ExchangeIT's.)
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class CallsApiTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;
    private String consumer;

    @BeforeEach
    void consumerDepartment() {
        tokens = NodeTokens.ofRunningNode();
        String dept = "call-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", dept, "name", "Department " + dept))
                .post("/admin/v1/departments").then().statusCode(201);
        consumer = tokens.department(dept, "consumer");
    }

    @Test
    void aDepartmentWithoutGrantsListsNoneAndCallingAGrantItDoesNotHoldIs404() {
        given().auth().oauth2(consumer).get("/api/v1/grants").then().statusCode(200).body("$", empty());
        given().auth().oauth2(consumer).contentType(ContentType.JSON).body(Map.of("params", Map.of("id_no", "1")))
                .post("/api/v1/calls/6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("holds no service grant 6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"));
    }

    @Test
    void aCallWhoseParamsAreNotAnObjectOfStringsIs400BeforeAnythingIsLookedUp() {
        given().auth().oauth2(consumer).contentType(ContentType.JSON).body("{\"params\":[\"id_no\"]}")
                .post("/api/v1/calls/anything").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("params: must be an object"));
        given().auth().oauth2(consumer).contentType(ContentType.JSON).body("{\"params\":{\"id_no\":{\"nested\":1}}}")
                .post("/api/v1/calls/anything").then().statusCode(400).body("detail", equalTo("params.id_no: must be a string"));
    }

    @Test
    void aStandingRequestWithAQuotaForASubscriptionOrAnUnknownModeIsRefusedNamingIt() {
        given().auth().oauth2(consumer).contentType(ContentType.JSON).body(Map.of("origin", "440000", "resource", "3.01.001.002-000001",
                        "standing", Map.of("mode", "forever", "quotaPerDay", 0)))
                .post("/api/v1/exchanges").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("standing.mode: must be service or subscription"))
                .body("detail", containsString("standing.quotaPerDay: must be a positive whole number"));
    }

    @Test
    void anOperatorCannotChangeAGrantThisNodeDoesNotOwnAndMustNameAKnownAction() {
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post("/admin/v1/grants/6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/revoke").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("reason", "test"))
                .post("/admin/v1/grants/6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/extend").then().statusCode(400)
                .body("detail", containsString("suspend, resume or revoke"));
        given().auth().oauth2(tokens.admin()).get("/admin/v1/grants?role=relay").then().statusCode(400);
        given().auth().oauth2(consumer).get("/admin/v1/grants").then().statusCode(403);
    }

    @Test
    void theOpenApiDocumentDescribesCallsAndTheirErrors() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/calls/{grant}'.post.responses.keySet()",
                        hasItems("200", "400", "403", "404", "429", "502", "503", "504"))
                .body("paths.keySet()", hasItems("/api/v1/grants", "/api/v1/grants/{id}", "/admin/v1/grants",
                        "/admin/v1/grants/{id}/{action}"));
    }
}
