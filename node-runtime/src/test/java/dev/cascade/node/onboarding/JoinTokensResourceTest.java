package dev.cascade.node.onboarding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import dev.cascade.node.config.Endpoint;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.link.JoinClient;
import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.proto.tier.v1.JoinRequest;
import dev.cascade.proto.tier.v1.OnboardingGrpc;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.JoinToken;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.trust.PinnedRootTrustManager;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A join token is the only credential a joining child has, so the operator's endpoint that issues
 * them and the Onboarding service that spends them must refuse everything but a direct child, a
 * sane lifetime and an operator. The REST refusals go through the running national node; the gRPC
 * ones through its tier-link port, with the CLI's own join client where the TLS checks allow it.
 * No test here spends a token, so no child joins this node.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class JoinTokensResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode JIANGSU = RegionCode.parse("320000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");

    private NodeTokens tokens;
    private Path dataDir;

    @BeforeEach
    void node() {
        tokens = NodeTokens.ofRunningNode();
        dataDir = Path.of(ConfigProvider.getConfig().getValue("cascade.data-dir", String.class));
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // ---------------------------------------------------------------- POST /admin/v1/join-tokens

    @Test
    void aRequestWithoutARegionIsABadRequestNamingTheField() {
        admin().body(Map.of("ttlSeconds", 600)).post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400)).body("detail", equalTo("field 'region' is required"));
    }

    @Test
    void aCityTwoTiersBelowIsRefusedNamingItsParent() {
        admin().body(Map.of("region", "440100")).post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("a join token for 440100 cannot be created at 100000: only direct children may"
                        + " join here (the parent of 440100 is 440000)"));
    }

    @Test
    void theNodesOwnRegionIsRefused() {
        admin().body(Map.of("region", "100000")).post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("a join token for 100000 cannot be created at 100000: only direct children may"
                        + " join here"));
    }

    @Test
    void aMalformedRegionIsABadRequestSayingWhy() {
        admin().body(Map.of("region", "44")).post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("region code '44' is not 6 digits"));
    }

    @Test
    void aLifetimeUnderAMinuteOrOverADayIsRefused() {
        admin().body(Map.of("region", "440000", "ttlSeconds", 59)).post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("token lifetime PT59S must be between PT1M and PT24H"));
        admin().body(Map.of("region", "440000", "ttlSeconds", Duration.ofHours(24).plusSeconds(1).toSeconds()))
                .post("/admin/v1/join-tokens")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("token lifetime PT24H1S must be between PT1M and PT24H"));
    }

    @Test
    void aCallWithoutATokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(Map.of("region", "440000")).post("/admin/v1/join-tokens")
                .then().statusCode(401).contentType(PROBLEM)
                .body("detail", equalTo("a bearer token is required"));
    }

    @Test
    void aDepartmentTokenIsForbiddenNamingTheAdminRole() {
        given().auth().oauth2(departmentToken()).contentType(ContentType.JSON).body(Map.of("region", "440000"))
                .post("/admin/v1/join-tokens")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("role node-admin required"));
    }

    @Test
    void aDirectChildGetsASingleUseTokenPinnedToThisHierarchysRootAndTheIssueIsRecorded() {
        Instant before = Instant.now();
        String token = admin().body(Map.of("region", "440000")).post("/admin/v1/join-tokens")
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("token", startsWith("cjt1."))
                .extract().path("token");
        String expiresAt = given().auth().oauth2(tokens.admin()).queryParam("type", "join-token.created")
                .queryParam("limit", 1000).get("/admin/v1/events")
                .then().statusCode(200).body("subject", hasItem("440000"))
                .extract().path("find { it.detail.startsWith('token " + JoinToken.parse(token).id() + " ') }.detail");

        JoinToken parsed = JoinToken.parse(token);
        assertThat(parsed.rootPin()).isEqualTo(rootPin());
        assertThat(expiresAt).as("the join-token.created entry for token %s", parsed.id()).isNotNull();
        Instant expiry = Instant.parse(expiresAt.substring(expiresAt.lastIndexOf(' ') + 1));
        assertThat(Duration.between(before, expiry)).isBetween(Duration.ofSeconds(895), Duration.ofSeconds(905));
    }

    // ---------------------------------------------------------------- GET /admin/v1/join-tokens

    @Test
    void theListShowsAnIssuedTokenUnusedAndNeverItsSecret() {
        String token = admin().body(Map.of("region", "440000", "ttlSeconds", 600)).post("/admin/v1/join-tokens")
                .then().statusCode(201).extract().path("token");
        String id = JoinToken.parse(token).id();

        Map<String, Object> listed = given().auth().oauth2(tokens.admin()).get("/admin/v1/join-tokens")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getMap("find { it.id == '" + id + "' }");

        assertThat(listed).as("token %s in the list", id).isNotNull()
                .containsOnlyKeys("id", "region", "createdAt", "expiresAt", "usedAt")
                .containsEntry("region", "440000").containsEntry("usedAt", null);
        assertThat(Duration.between(Instant.parse((String) listed.get("createdAt")), Instant.parse((String) listed.get("expiresAt"))))
                .isEqualTo(Duration.ofSeconds(600));
        String secret = token.split("\\.")[2]; // cjt1.<id>.<secret>.<root pin>
        assertThat(listed.values()).noneMatch(v -> v != null && v.toString().contains(secret));
    }

    @Test
    void aDepartmentTokenCannotListJoinTokens() {
        given().auth().oauth2(departmentToken()).get("/admin/v1/join-tokens")
                .then().statusCode(403).contentType(PROBLEM).body("detail", equalTo("role node-admin required"));
    }

    // ---------------------------------------------------------------- Onboarding.Join on the tier-link port

    @Test
    void aJoinWithATokenThisNodeNeverIssuedIsUnauthenticatedAndRecorded() throws Exception {
        String forged = JoinToken.generate(new SecureRandom(), rootPin()).encode();

        Status status = joinWithTheCli(forged, JIANGSU);

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).isEqualTo("join token is not valid at 100000");
        awaitEvent("join.refused", "320000", "TOKEN_INVALID: join token is not valid at 100000");
    }

    @Test
    void aJoinWithAMalformedTokenIsUnauthenticatedSayingWhatIsWrong() throws Exception {
        Status status = joinWithTheCli("not-a-join-token", JIANGSU);

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).isEqualTo("join token is not valid: join token must have 4 dot-separated parts"
                + " (cjt1.<id>.<secret>.<root pin>), found 1");
    }

    @Test
    void aJoinWithAnotherRegionsTokenIsUnauthenticatedNamingTheTokensRegion() throws Exception {
        String token = admin().body(Map.of("region", "440000")).post("/admin/v1/join-tokens")
                .then().statusCode(201).extract().path("token");

        Status status = joinWithTheCli(token, JIANGSU);

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription())
                .isEqualTo("join token " + JoinToken.parse(token).id() + " is for region 440000, not 320000");
    }

    @Test
    void aCityAskingToJoinTheNationalNodeFailsItsPreconditionNamingItsParent() {
        // The CLI's client would not even talk to 100000 for a city (it expects the server to be
        // 440000), so this is a hand-made call that trusts the pinned root only.
        String token = admin().body(Map.of("region", "440000")).post("/admin/v1/join-tokens")
                .then().statusCode(201).extract().path("token");

        Status status = joinDirectly(token, GUANGZHOU);

        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription())
                .isEqualTo("440100 cannot join 100000: it is not a direct child region (its parent is 440000)");
    }

    // ---------------------------------------------------------------- helpers

    private Status joinWithTheCli(String token, RegionCode region) throws Exception {
        Endpoint tier = NodeSettings.load(dataDir).tierEndpoint();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> JoinClient.join(tier, token, rootPin(), region, CertificateAuthority.prepareJoin(region).csrDer(),
                        new Endpoint("127.0.0.1", 1)));
        assertThat(refused).as("the join of %s was refused", region).isNotNull();
        return refused.getStatus();
    }

    private Status joinDirectly(String token, RegionCode region) {
        Endpoint tier = NodeSettings.load(dataDir).tierEndpoint();
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress(tier.host(), tier.port())
                    .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                            .trustManager(new PinnedRootTrustManager(rootPin(), Clock.systemUTC())).build())
                    .build();
            try {
                OnboardingGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).join(JoinRequest.newBuilder()
                        .setToken(token).setRegion(region.code())
                        .setCaCsr(ByteString.copyFrom(CertificateAuthority.prepareJoin(region).csrDer())).build());
                throw new AssertionError("the join of " + region + " was not refused");
            } finally {
                channel.shutdownNow();
            }
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (javax.net.ssl.SSLException e) {
            throw new AssertionError(e);
        }
    }

    /** The refusal is recorded detached from the call, so it may land just after the answer. */
    private void awaitEvent(String type, String subject, String detail) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Map<String, Object>> events = given().auth().oauth2(tokens.admin()).queryParam("type", type)
                    .queryParam("limit", 1000).get("/admin/v1/events").then().statusCode(200).extract().jsonPath().getList("$");
            if (events.stream().anyMatch(e -> subject.equals(e.get("subject")) && detail.equals(e.get("detail")))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type + " entry for " + subject + " with detail '" + detail + "' in " + events);
            }
            Thread.sleep(100);
        }
    }

    private String rootPin() {
        return Fingerprints.pin(new NodeKeyStore(dataDir).load().root());
    }

    private String departmentToken() {
        String id = "join-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", id, "name", "Department " + id)).post("/admin/v1/departments").then().statusCode(201);
        return admin().body(Map.of("roles", List.of("provider", "consumer", "approver", "auditor")))
                .post("/admin/v1/departments/" + id + "/tokens").then().statusCode(201).extract().path("token");
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }
}
