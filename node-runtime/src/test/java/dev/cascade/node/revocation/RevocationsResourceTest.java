package dev.cascade.node.revocation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.config.Endpoint;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.link.JoinClient;
import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Revoking cuts off a child and its whole subtree and floods a new list through the hierarchy, so
 * the endpoint must refuse, before anything is signed, every region this node did not certify.
 * Listing shows a child that really joined through the tier-link port and was revoked here; what
 * revocation does to a live subtree is covered by the multi-node ITs.
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

    @Test
    void aRevokedChildIsListedWithSerialReasonTimeAndOperator() throws Exception {
        // 540000 (Tibet) joins for real with a token and a CSR, then is revoked: no other test uses it.
        RegionCode tibet = RegionCode.parse("540000");
        String token = admin().body(Map.of("region", tibet.code())).post("/admin/v1/join-tokens")
                .then().statusCode(201).extract().path("token");
        Path dataDir = Path.of(ConfigProvider.getConfig().getValue("cascade.data-dir", String.class));
        JoinClient.join(NodeSettings.load(dataDir).tierEndpoint(), token,
                Fingerprints.pin(new NodeKeyStore(dataDir).load().root()), tibet,
                CertificateAuthority.prepareJoin(tibet).csrDer(), new Endpoint("127.0.0.1", 1));
        String serial = admin().body(Map.of("region", tibet.code(), "reason", "key compromise")).post("/admin/v1/revocations")
                .then().statusCode(200).extract().path("serial");

        Map<String, Object> listed = given().auth().oauth2(tokens.admin()).get("/admin/v1/revocations")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getMap("find { it.region == '540000' }");

        assertThat(listed).as("540000 in the list").isNotNull()
                .containsEntry("serial", serial).containsEntry("reason", "key compromise")
                .containsEntry("actor", "operator@test").containsKey("revokedAt");
        given().auth().oauth2(tokens.admin()).get("/admin/v1/join-tokens").then().statusCode(200)
                .body("find { it.region == '540000' }.usedAt", notNullValue());
    }

    @Test
    void aDepartmentTokenCannotListRevocations() {
        String id = "rev-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", id, "name", "Department " + id)).post("/admin/v1/departments").then().statusCode(201);
        given().auth().oauth2(tokens.department(id, "auditor")).get("/admin/v1/revocations")
                .then().statusCode(403).contentType(PROBLEM).body("detail", equalTo("role node-admin required"));
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }
}
