package dev.cascade.node.department;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.protocol.region.RegionCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** How the node answers department and operator tokens: who is let in, and why the rest are not. */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class DepartmentTokenAuthTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aTokenIssuedByTheNodeIdentifiesTheDepartmentAndItsRoles() {
        String id = added("statistics", "广东省统计局");
        String token = issue(id, "consumer", "provider");

        given().auth().oauth2(token).get("/api/v1/me")
                .then().statusCode(200)
                .body("dept", equalTo(id)).body("name", equalTo("广东省统计局"))
                .body("roles", equalTo(List.of("provider", "consumer")));
    }

    @Inject
    JWTParser parser;

    @Test
    void requestsAreAuthenticatedThroughTheVerifiedTokenMemory() {
        assertThat(parser).isInstanceOf(VerifiedTokens.class);
        String id = added("repeat", "Repeat caller");
        String token = issue(id, "consumer");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("dept", equalTo(id));
        }
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorizedNamingTheSignature() {
        String id = added("forged", "Forged");

        var response = given().auth().oauth2(tokens.departmentSignedByAnotherKey(id, "provider")).get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM)
                .body("status", equalTo(401))
                .body("detail", equalTo("invalid token: signature does not verify with this node's key"))
                .extract();
        assertThat(response.headers().getValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
    }

    @Test
    void anExpiredTokenIsUnauthorizedSayingSo() {
        String id = added("expired", "Expired");

        given().auth().oauth2(tokens.expiredDepartment(id, "provider")).get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", startsWith("invalid token: expired at "));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorizedNamingTheAudience() {
        String id = added("elsewhere", "Elsewhere");

        given().auth().oauth2(tokens.departmentWithAudience("cascade-exchange", id, "provider")).get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("invalid token: audience cascade-exchange is not accepted by this node"));
    }

    @Test
    void aTokenNamingAnotherIssuerIsUnauthorized() {
        String id = added("province", "Province");

        given().auth().oauth2(tokens.departmentIssuedInTheNameOf(RegionCode.parse("440000"), id, "provider")).get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("invalid token: issuer cascade-node/440000 is not this node"));
    }

    @Test
    void aCallWithoutATokenIsUnauthorizedWithABearerChallenge() {
        var response = given().get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("a bearer token is required"))
                .extract();
        assertThat(response.headers().getValues("WWW-Authenticate")).containsExactly("Bearer");
    }

    @Test
    void aDepartmentTokenCannotCallTheAdminApi() {
        String id = added("no-admin", "No admin");

        given().auth().oauth2(issue(id, "provider", "consumer", "approver", "auditor")).get("/admin/v1/departments")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("role node-admin required"));
    }

    @Test
    void anOperatorTokenIsNotADepartment() {
        given().auth().oauth2(tokens.admin()).get("/api/v1/me")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("one of the roles provider, consumer, approver, auditor required"));
    }

    @Test
    void aSuspendedDepartmentIsRefusedAtOnceThoughItsTokenIsStillValid() {
        String id = added("suspend-me", "Suspend me");
        String token = issue(id, "provider");
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);

        given().auth().oauth2(tokens.admin()).post("/admin/v1/departments/" + id + "/suspend").then().statusCode(200);

        given().auth().oauth2(token).get("/api/v1/me")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("department " + id + " is suspended"));
    }

    @Test
    void aValidlySignedTokenForADepartmentThatDoesNotExistIsRefused() {
        given().auth().oauth2(tokens.department("never-added", "provider")).get("/api/v1/me")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("unknown department never-added"));
    }

    private String added(String prefix, String name) {
        String id = DepartmentAdminApiTest.uniqueId(prefix);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", name))
                .post("/admin/v1/departments").then().statusCode(201);
        return id;
    }

    private String issue(String id, String... roles) {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("roles", List.of(roles)))
                .post("/admin/v1/departments/" + id + "/tokens")
                .then().statusCode(201).extract().path("token");
    }
}
