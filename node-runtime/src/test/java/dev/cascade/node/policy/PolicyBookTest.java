package dev.cascade.node.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.ByteString;

import dev.cascade.node.revocation.RevocationBook;
import dev.cascade.node.testing.CityNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.policy.pack.ShippedPacks;
import dev.cascade.policy.signing.PackSignature;
import dev.cascade.policy.signing.PackSignatures;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.proto.tier.v1.SignedPolicyPack;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.trust.RevokedCertificate;
import dev.cascade.protocol.trust.Signatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * PolicyBook at a municipal node (440100) whose parent is played by the test: lineages signed by the
 * real ancestors' keys are accepted; tampered, misplaced, misordered, rolled-back or wrongly signed
 * ones are refused with an alert and change nothing; the node's own pack is published over the
 * admin API and suspended, not enforced, when a newer lineage no longer admits it.
 */
@QuarkusTest
@QuarkusTestResource(value = CityNodeResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyBookTest {

    private static final String PROBLEM = "application/problem+json";
    private static final RegionCode PARENT = CityNodeResource.PROVINCE;

    @Inject
    PolicyBook policies;
    @Inject
    RevocationBook revocations;
    @Inject
    Pool pool;
    private NodeCredentials national;
    private NodeCredentials province;
    private NodeCredentials sibling;

    @BeforeEach
    void ancestors() {
        // Read at run time: an injected property would be required of every test class's deployment.
        Path ancestors = Path.of(ConfigProvider.getConfig().getValue(CityNodeResource.ANCESTORS, String.class));
        national = new NodeKeyStore(ancestors.resolve("national")).load();
        province = new NodeKeyStore(ancestors.resolve(CityNodeResource.PROVINCE.code())).load();
        sibling = new NodeKeyStore(ancestors.resolve(CityNodeResource.SIBLING_PROVINCE.code())).load();
    }

    @Test
    @Order(1)
    void beforeTheLineageArrivesNothingIsInForceRegistrationsWaitAndNothingCanBePublished() {
        assertThat(policies.engine()).isEmpty();
        admin().get("/admin/v1/policy").then().statusCode(200)
                .body("inForce", equalTo(false)).body("summary", equalTo("none in force")).body("digest", equalTo(""));
        admin().body(Map.of("id", "gz-market", "name", "广州市市场监督管理局")).contentType(ContentType.JSON)
                .post("/admin/v1/departments").then().statusCode(201);
        given().header("Authorization", "Bearer " + NodeTokens.ofRunningNode().department("gz-market", "provider"))
                .contentType(ContentType.JSON).body("{}").post("/api/v1/resources")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "2")
                .body("detail", containsString("no policy pack is in force at 440100"));
        admin().contentType("application/yaml").body(cityPack(1, 30000)).post("/admin/v1/policy")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("no lineage"));
        assertThat(count("select count(*) from policy_pack")).isZero();
    }

    @Test
    @Order(2)
    void theParentsLineageSignedByTheAncestorsIsAcceptedStoredAndEnforced() {
        PolicyLineage fromParent = lineage(signed(national, baseline(1)), signed(province, guangdong(1, 50000)));
        assertThat(policies.acceptFromParent(fromParent, PARENT)).isTrue();
        assertThat(policies.view().summary()).isEqualTo("national-baseline v1 (100000) + guangdong-example v1 (440000)");
        assertThat(policies.engine()).isPresent();
        assertThat(policies.current().effective().orElseThrow().defaults().rowLimit()).isEqualTo(50000);
        assertThat(count("select count(*) from policy_pack where in_lineage")).isEqualTo(2);
        assertThat(count("select count(*) from node_event where type = 'policy.lineage-accepted'")).isEqualTo(1);
        // The same lineage again (a parent re-sends it when a heartbeat shows another digest) is nothing new.
        assertThat(policies.acceptFromParent(fromParent, PARENT)).isFalse();
        assertThat(count("select count(*) from node_event where type = 'policy.lineage-accepted'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aPackWhoseBytesWereAlteredAfterSigningIsRefused() {
        byte[] genuine = guangdong(2, 40000);
        SignedPolicyPack tampered = SignedPolicyPack.newBuilder()
                .setPack(ByteString.copyFrom(new String(genuine, StandardCharsets.UTF_8).replace("row-limit: 40000", "row-limit: 90000")
                        .getBytes(StandardCharsets.UTF_8)))
                .setSignature(ByteString.copyFrom(PackSignatures.sign(genuine, province).toBytes())).build();
        assertRefused(lineage(signed(national, baseline(1)), tampered), "SIGNATURE_INVALID");
    }

    @Test
    @Order(4)
    void aPackSignedByANodeThatIsNotAnAncestorIsRefused() {
        assertRefused(lineage(signed(national, baseline(1)), signed(sibling, packOf("320000", "jiangsu-example", 1))),
                "not an ancestor of 440100");
        // Guangdong's pack re-signed by Jiangsu's key: the signer is not the issuer it names.
        byte[] guangdong = guangdong(2, 40000);
        SignedPolicyPack foreign = SignedPolicyPack.newBuilder().setPack(ByteString.copyFrom(guangdong))
                .setSignature(ByteString.copyFrom(new PackSignature(Signatures.signAsNode(sibling, guangdong),
                        chainOf(sibling)).toBytes())).build();
        assertRefused(lineage(signed(national, baseline(1)), foreign), "ISSUER_REGION_MISMATCH");
    }

    @Test
    @Order(5)
    void packsOutOfOrderOrWithoutTheNationalPackAreRefused() {
        assertRefused(lineage(signed(province, guangdong(2, 40000)), signed(national, baseline(1))),
                "must start with the national pack");
        assertRefused(lineage(signed(province, guangdong(2, 40000))), "must start with the national pack");
        assertRefused(PolicyLineage.getDefaultInstance(), "empty");
    }

    @Test
    @Order(6)
    void aPackSignedWithATlsKeyInsteadOfTheApplicationKeyIsRefused() {
        byte[] pack = guangdong(2, 40000);
        SignedPolicyPack tls = SignedPolicyPack.newBuilder().setPack(ByteString.copyFrom(pack))
                .setSignature(ByteString.copyFrom(new PackSignature(Signatures.sign(province.tlsKey(), KeySuite.INTL, pack),
                        province.tlsChain()).toBytes())).build();
        assertRefused(lineage(signed(national, baseline(1)), tls), "TLS certificate");
    }

    @Test
    @Order(7)
    void anOlderVersionOrAReusedVersionWithOtherBytesIsRefused() {
        assertThat(policies.acceptFromParent(lineage(signed(national, baseline(2)), signed(province, guangdong(1, 50000))), PARENT))
                .isTrue();
        assertThat(policies.view().summary()).isEqualTo("national-baseline v2 (100000) + guangdong-example v1 (440000)");
        assertRefused(lineage(signed(national, baseline(1)), signed(province, guangdong(1, 50000))), "rollback refused");
        byte[] otherV2 = new String(baseline(2), StandardCharsets.UTF_8).replace("row-limit: 100000", "row-limit: 90000")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(lineage(signed(national, otherV2), signed(province, guangdong(1, 50000))), "never reuses a version");
    }

    @Test
    @Order(8)
    void aRefusedLineageSentAgainRaisesNoSecondAlert() {
        PolicyLineage misplaced = lineage(signed(province, guangdong(3, 40000)));
        assertRefused(misplaced, "must start with the national pack");
        long alerts = count("select count(*) from alert");
        assertThat(policies.acceptFromParent(misplaced, PARENT)).isFalse();
        assertThat(count("select count(*) from alert")).isEqualTo(alerts);
    }

    @Test
    @Order(9)
    void theOperatorPublishesTheNodesOwnPackAndBadPacksAreRefusedWithEveryReason() {
        admin().contentType("application/yaml").body(cityPack(1, 30000)).post("/admin/v1/policy")
                .then().statusCode(201).body("ownPack.state", equalTo("enforced"))
                .body("summary", equalTo("national-baseline v2 (100000) + guangdong-example v1 (440000) + guangzhou-example v1 (440100)"));
        assertThat(policies.current().effective().orElseThrow().defaults().rowLimit()).isEqualTo(30000);

        admin().contentType("application/yaml").body("format: cascade.policy-pack/v1\nid: Bad\nversion: zero\n".getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/policy").then().statusCode(400).contentType(PROBLEM)
                .body("problems.line", hasItem(2)).body("problems.line", hasItem(3))
                .body("detail", containsString("line 2 (id)"));
        admin().contentType("application/yaml").body(cityPack(2, 60000))
                .post("/admin/v1/policy").then().statusCode(422).contentType(PROBLEM)
                .body("refusals[0].kind", equalTo("SHARING_BROADENED")).body("refusals[0].item", equalTo("defaults.row-limit"))
                .body("refusals[0].pack", equalTo("guangzhou-example")).body("detail", containsString("50000"));
        admin().contentType("application/yaml").body(cityPack(1, 25000)).post("/admin/v1/policy")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("not above"));
        admin().contentType("application/yaml").body(guangdong(5, 40000)).post("/admin/v1/policy")
                .then().statusCode(422).body("refusals[0].kind", equalTo("CHAIN_MISMATCH"))
                .body("refusals[0].item", equalTo("issuer"));
        assertThat(count("select version from policy_pack where issuer = '440100'")).isEqualTo(1);
        assertThat(count("select count(*) from node_event where type = 'policy.published'")).isEqualTo(1);
    }

    @Test
    @Order(10)
    void whenANewerLineageNoLongerAdmitsTheOwnPackTheAncestorsWinAndAnAlertNamesWhy() {
        long suspendedAlerts = count("select count(*) from alert where kind = 'policy.own-pack-suspended'");
        assertThat(policies.acceptFromParent(lineage(signed(national, baseline(2)), signed(province, guangdong(2, 20000))), PARENT))
                .isTrue();
        PolicyView view = policies.view();
        assertThat(view.summary()).isEqualTo("national-baseline v2 (100000) + guangdong-example v2 (440000)");
        assertThat(view.ownPack().state()).isEqualTo("suspended");
        assertThat(view.ownPack().refusals()).extracting(PolicyView.Refusal::item).contains("defaults.row-limit");
        assertThat(policies.current().effective().orElseThrow().defaults().rowLimit()).isEqualTo(20000);
        // The children get what this node enforces: the lineage alone.
        assertThat(policies.downward().describe()).isEqualTo(view.summary());
        assertThat(count("select count(*) from alert where kind = 'policy.own-pack-suspended'")).isEqualTo(suspendedAlerts + 1);
        assertThat(text("select detail from alert where kind = 'policy.own-pack-suspended' order by id desc limit 1"))
                .contains("guangzhou-example v1").contains("defaults.row-limit");

        admin().contentType("application/yaml").body(cityPack(2, 15000)).post("/admin/v1/policy")
                .then().statusCode(201).body("ownPack.state", equalTo("enforced"));
        assertThat(policies.current().effective().orElseThrow().defaults().rowLimit()).isEqualTo(15000);
    }

    @Test
    @Order(11)
    void aPackWhoseSignerWasRevokedIsRefused() {
        var ca = new CertificateAuthority(national, Clock.systemUTC());
        var list = ca.signRevocationList(1, List.of(new RevokedCertificate(province.caCertificate().getSerialNumber(),
                CityNodeResource.PROVINCE, Instant.now())));
        revocations.acceptFromLink(list, PARENT);
        assertRefused(lineage(signed(national, baseline(3)), signed(province, guangdong(3, 20000))), "REVOKED");
    }

    @Test
    @Order(12)
    void aPackAnotherReplicaStoredIsEnforcedHereWithinSeconds() throws Exception {
        NodeCredentials city = new NodeKeyStore(Path.of(ConfigProvider.getConfig().getValue("cascade.data-dir", String.class)))
                .load();
        byte[] v3 = cityPack(3, 12000);
        pool.preparedQuery("update policy_pack set version = $2, body = $3, signature = $4 where issuer = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of("440100", 3L, io.vertx.core.buffer.Buffer.buffer(v3),
                        io.vertx.core.buffer.Buffer.buffer(PackSignatures.sign(v3, city).toBytes())))
                .await().indefinitely();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (policies.view().ownPack().version() != 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(policies.view().ownPack().version()).isEqualTo(3);
        assertThat(policies.view().ownPack().state()).isEqualTo("enforced");
        assertThat(policies.current().effective().orElseThrow().defaults().rowLimit()).isEqualTo(12000);
    }

    @Test
    @Order(13)
    void aStoredPackAlteredInTheDatabaseIsNotEnforcedAndRaisesAnAlert() throws Exception {
        byte[] altered = new String(guangdong(9, 20000), StandardCharsets.UTF_8).replace("row-limit: 20000", "row-limit: 900000")
                .getBytes(StandardCharsets.UTF_8);
        pool.preparedQuery("update policy_pack set version = 9, body = $2 where issuer = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of("440000", io.vertx.core.buffer.Buffer.buffer(altered)))
                .await().indefinitely();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (count("select count(*) from alert where kind = 'policy.stored-pack-invalid'") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(text("select detail from alert where kind = 'policy.stored-pack-invalid'"))
                .contains("440000 guangdong-example v9").contains("SIGNATURE_INVALID");
        // Nothing of the lineage is trusted until the parent sends it again; the own pack waits for it.
        assertThat(policies.engine()).isEmpty();
        assertThat(policies.view().ownPack().state()).isEqualTo("waiting-for-lineage");
    }

    @Test
    @Order(14)
    void theOpenApiDocumentDescribesThePolicyEndpointsAndTheirErrors() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/admin/v1/policy'.post.responses.keySet()", org.hamcrest.Matchers.hasItems("201", "400", "409", "422"))
                .body("paths.'/admin/v1/policy'.post.requestBody.content.keySet()", hasItem("application/yaml"))
                .body("paths.'/admin/v1/policy'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/Policy"))
                .body("paths.'/api/v1/resources'.post.responses.keySet()", hasItem("503"))
                .body("components.schemas.Policy.properties.keySet()", org.hamcrest.Matchers.hasItems("packs", "digest", "ownPack"));
    }

    // ---------------------------------------------------------------- helpers

    private void assertRefused(PolicyLineage lineage, String why) {
        String digest = policies.view().digest();
        var effective = policies.current().effective();
        long alerts = count("select count(*) from alert where kind = 'policy.lineage-refused'");
        long events = count("select count(*) from node_event where type = 'policy.lineage-refused'");
        String stored = text("select string_agg(issuer || ':' || version || ':' || in_lineage, ',' order by issuer) from policy_pack");

        assertThat(policies.acceptFromParent(lineage, PARENT)).isFalse();

        assertThat(policies.view().digest()).isEqualTo(digest);
        assertThat(policies.current().effective()).isSameAs(effective);
        assertThat(count("select count(*) from alert where kind = 'policy.lineage-refused'")).isEqualTo(alerts + 1);
        assertThat(count("select count(*) from node_event where type = 'policy.lineage-refused'")).isEqualTo(events + 1);
        assertThat(text("select detail from alert where kind = 'policy.lineage-refused' order by id desc limit 1"))
                .contains("from 440000 refused, nothing changed").contains(why);
        assertThat(text("select string_agg(issuer || ':' || version || ':' || in_lineage, ',' order by issuer) from policy_pack"))
                .isEqualTo(stored);
    }

    private static PolicyLineage lineage(SignedPolicyPack... packs) {
        return PolicyLineage.newBuilder().addAllPacks(List.of(packs)).build();
    }

    private static SignedPolicyPack signed(NodeCredentials signer, byte[] pack) {
        return SignedPolicyPack.newBuilder().setPack(ByteString.copyFrom(pack))
                .setSignature(ByteString.copyFrom(PackSignatures.sign(pack, signer).toBytes())).build();
    }

    private static List<java.security.cert.X509Certificate> chainOf(NodeCredentials node) {
        List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(node.appCertificate());
        chain.addAll(node.caChain());
        return chain;
    }

    private static byte[] baseline(int version) {
        return new String(ShippedPacks.bytes(ShippedPacks.NATIONAL_BASELINE), StandardCharsets.UTF_8)
                .replace("version: 1\n", "version: " + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] guangdong(int version, int rowLimit) {
        return new String(ShippedPacks.bytes(ShippedPacks.GUANGDONG_EXAMPLE), StandardCharsets.UTF_8)
                .replace("version: 1\n", "version: " + version + "\n")
                .replace("row-limit: 50000", "row-limit: " + rowLimit).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cityPack(int version, int rowLimit) {
        return ("format: cascade.policy-pack/v1\nid: guangzhou-example\nversion: " + version + "\nissuer: \"440100\"\n"
                + "extends: guangdong-example\ntitle: 广州市补充策略（测试）\ndefaults:\n  row-limit: " + rowLimit + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] packOf(String issuer, String id, int version) {
        return ("format: cascade.policy-pack/v1\nid: " + id + "\nversion: " + version + "\nissuer: \"" + issuer + "\"\n"
                + "extends: national-baseline\ntitle: test\n").getBytes(StandardCharsets.UTF_8);
    }

    private RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + NodeTokens.ofRunningNode().admin());
    }

    private long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    private String text(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getString(0);
    }
}
