package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

import dev.cascade.policy.signing.PackSignatures;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.proto.tier.v1.SignedPolicyPack;
import dev.cascade.proto.tier.v1.TierLinkGrpc;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * Policy packs across three real nodes (100000 → 440000 → 440100): the national bootstrap, a new
 * national version and a provincial pack flooding down, a loosening pack refused at publication,
 * and registrations at the city checked against the packs it enforces.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyCascadeIT {

    static final Path SHIPPED = Path.of("..", "policies", "packs");

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou;

    @BeforeAll
    static void hierarchy() throws Exception {
        work = Files.createTempDirectory("cascade-policy-it");
        topology = new Topology(work);
        national = topology.national();
        guangdong = topology.join(national, "440000");
        guangzhou = topology.join(guangdong, "440100");
    }

    @AfterAll
    static void teardown() {
        topology.close();
        Topology.deleteTree(work);
    }

    @Test
    @Order(1)
    void theNationalNodeBootstrapsTheShippedBaselineAndEveryTierEnforcesIt() throws Exception {
        String shippedDigest = sha256(Files.readAllBytes(SHIPPED.resolve("national-baseline/pack.yaml")));
        JsonNode atNational = national.policy();
        assertThat(atNational.path("summary").asText()).isEqualTo("national-baseline v1 (100000)");
        assertThat(atNational.path("packs").get(0).path("sha256").asText()).isEqualTo(shippedDigest);
        assertThat(atNational.path("ownPack").path("state").asText()).isEqualTo("enforced");

        for (NodeProcess below : List.of(guangdong, guangzhou)) {
            JsonNode shown = NodeProcess.JSON.readTree(NodeProcess.cliOk("policy", "show", "--json", "--data-dir",
                    below.dataDir.toString()).stdout());
            assertThat(shown.path("inForce").asBoolean()).isTrue();
            assertThat(shown.path("packs")).hasSize(1);
            assertThat(shown.path("packs").get(0).path("issuer").asText()).isEqualTo("100000");
            assertThat(shown.path("packs").get(0).path("id").asText()).isEqualTo("national-baseline");
            assertThat(shown.path("packs").get(0).path("version").asLong()).isEqualTo(1);
            assertThat(shown.path("packs").get(0).path("sha256").asText()).isEqualTo(shippedDigest);
            assertThat(shown.path("digest").asText()).isEqualTo(atNational.path("digest").asText());
            assertThat(shown.path("ownPack").isNull()).isTrue();
        }
        JsonNode status = guangzhou.status();
        assertThat(status.path("policy").path("summary").asText()).isEqualTo("national-baseline v1 (100000)");
        String text = NodeProcess.cliOk("status", "--data-dir", guangzhou.dataDir.toString()).stdout();
        assertThat(text).contains("policy    national-baseline v1 (100000)");
        assertThat(NodeDatabase.count(national, "select count(*) from node_event where type = 'policy.published'"
                + " and actor = 'node' and subject = 'national-baseline'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aNewNationalBaselineVersionReachesEveryTier() throws Exception {
        Path v2 = work.resolve("national-baseline-v2.yaml");
        Files.writeString(v2, shipped("national-baseline").replace("version: 1\n", "version: 2\n")
                .replace("  row-limit: 100000\n", "  row-limit: 80000\n"));
        NodeProcess.Result published = NodeProcess.cliOk("policy", "publish", v2.toString(), "--data-dir", national.dataDir.toString());
        assertThat(published.stdout()).contains("published national-baseline v2 (100000)");

        for (NodeProcess below : List.of(guangdong, guangzhou)) {
            Topology.await(Duration.ofSeconds(15), () -> "national-baseline v2 in force at " + below.dataDir.getFileName()
                    + ": " + below.policy(), () -> below.policy().path("summary").asText().equals("national-baseline v2 (100000)"));
        }
        assertThat(guangzhou.policy().path("digest").asText()).isEqualTo(national.policy().path("digest").asText());
        assertThat(NodeDatabase.count(guangzhou, "select version from policy_pack where issuer = '100000'")).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theProvincePublishesItsPackAndTheCityEnforcesBothBelowTheNationalOne() throws Exception {
        Path pack = SHIPPED.resolve("guangdong-example/pack.yaml");
        NodeProcess.cliOk("policy", "publish", pack.toString(), "--data-dir", guangdong.dataDir.toString());
        String both = "national-baseline v2 (100000) + guangdong-example v1 (440000)";
        assertThat(guangdong.policy().path("summary").asText()).isEqualTo(both);
        Topology.await(Duration.ofSeconds(15), () -> "both packs in force at 440100: " + guangzhou.policy(),
                () -> guangzhou.policy().path("summary").asText().equals(both));
        JsonNode atCity = guangzhou.policy();
        assertThat(atCity.path("packs").get(1).path("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(pack)));
        assertThat(NodeProcess.cliOk("status", "--data-dir", guangzhou.dataDir.toString()).stdout())
                .contains("policy    " + both);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'policy.lineage-accepted'"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(4)
    void aProvincialPackThatLoosensIsRefusedNamingWhatItLoosensAndNothingChanges() throws Exception {
        String digestAtProvince = guangdong.policy().path("digest").asText();
        String digestAtCity = guangzhou.policy().path("digest").asText();
        Path weakerMask = work.resolve("guangdong-weaker-mask.yaml");
        Files.writeString(weakerMask, shipped("guangdong-example").replace("version: 1\n", "version: 2\n")
                .replace("    mask: keep(3,0)\n", "    mask: reveal\n"));
        NodeProcess.Result refused = NodeProcess.cli("policy", "publish", weakerMask.toString(), "--data-dir",
                guangdong.dataDir.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("cascade-node: ").contains("MASK_WEAKENED")
                .contains("sensitive-types.mobile.mask").contains("keep(3,4)");

        Path lowerLevel = work.resolve("guangdong-lower-level.yaml");
        Files.writeString(lowerLevel, shipped("guangdong-example").replace("version: 1\n", "version: 2\n")
                .replace("  - {id: health, min-level: L4}\n", "  - {id: health, min-level: L2}\n"));
        NodeProcess.Result lowered = NodeProcess.cli("policy", "publish", lowerLevel.toString(), "--data-dir",
                guangdong.dataDir.toString());
        assertThat(lowered.exitCode()).isEqualTo(1);
        assertThat(lowered.stderr()).contains("LEVEL_LOWERED").contains("categories.health.min-level");

        assertThat(guangdong.policy().path("digest").asText()).isEqualTo(digestAtProvince);
        assertThat(NodeDatabase.count(guangdong, "select version from policy_pack where issuer = '440000'")).isEqualTo(1);
        assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'policy.published'")).isEqualTo(1);
        NodeProcess.sleep(3000); // a heartbeat round: nothing new reaches the city either
        assertThat(guangzhou.policy().path("digest").asText()).isEqualTo(digestAtCity);
    }

    @Test
    @Order(5)
    void aRegistrationAtTheCityThatContradictsThePacksNamesEachFieldAndStoresNothing() {
        Api provider = Api.department(guangzhou, "gz-health", "provider");
        String contradicting = """
                {"id":"3.05.001.001-000001","title":"广州市医保参保信息","abstract":"参保人员及医保卡信息","category":"health",
                 "format":"csv",
                 "dataItems":[{"name":"phone","type":"string","description":"联系电话","sensitiveType":"手机号","level":"L2"},
                              {"name":"card","type":"string","description":"医保卡号","sensitiveType":"医保卡号","level":"L3"},
                              {"name":"passport","type":"string","description":"护照","sensitiveType":"护照号码","level":"L3"}],
                 "level":"L3","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"province","source":"upload"}
                """;
        Api.Reply r = provider.post("/api/v1/resources", contradicting);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.body().path("type").asText()).isEqualTo("about:blank");
        List<String> fields = new ArrayList<>();
        r.body().path("violations").forEach(v -> fields.add(v.path("field").asText()));
        // Mobile is L3 at least (baseline); 医保卡号 is Guangdong's type, L4 at least; 护照号码 no pack knows;
        // Guangdong raises health to L4, which cannot be shared unconditionally.
        assertThat(fields).containsExactlyInAnyOrder("dataItems[0].level", "dataItems[1].level", "dataItems[2].sensitiveType",
                "level", "sharingType");
        assertThat(r.body().path("violations").toString()).contains("guangdong-example").contains("medical-insurance-no");
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from catalog_entry where resource_id = '3.05.001.001-000001'"))
                .isZero();

        String agreeing = contradicting.replace("\"level\":\"L2\"", "\"level\":\"L3\"")
                .replace("\"sensitiveType\":\"医保卡号\",\"level\":\"L3\"", "\"sensitiveType\":\"医保卡号\",\"level\":\"L4\"")
                .replace(",\"sensitiveType\":\"护照号码\"", "")
                .replace("\"level\":\"L3\",\"sharingType\":\"unconditional\"",
                        "\"level\":\"L4\",\"sharingType\":\"conditional\",\"sharingCondition\":\"用于医保结算核验\"");
        Api.Reply ok = provider.post("/api/v1/resources", agreeing);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
    }

    @Test
    @Order(6)
    void aLineageFromAChildIsIgnored() throws Exception {
        NodeCredentials city = new NodeKeyStore(guangzhou.dataDir).load();
        byte[] pack = ("format: cascade.policy-pack/v1\nid: guangzhou-override\nversion: 1\nissuer: \"440100\"\n"
                + "extends: guangdong-example\n").getBytes(StandardCharsets.UTF_8);
        PolicyLineage fromBelow = PolicyLineage.newBuilder().addPacks(SignedPolicyPack.newBuilder()
                .setPack(ByteString.copyFrom(pack)).setSignature(ByteString.copyFrom(PackSignatures.sign(pack, city).toBytes()))).build();
        String before = guangdong.policy().path("digest").asText();
        ManagedChannel channel = TierProbe.channelFor(guangdong.tierEndpoint(), city.tlsKey(), city.tlsChain());
        try {
            CompletableFuture<Void> heard = new CompletableFuture<>();
            StreamObserver<LinkMessage> out = TierLinkGrpc.newStub(channel).link(new StreamObserver<>() {
                public void onNext(LinkMessage m) {
                    heard.complete(null);
                }

                public void onError(Throwable t) {
                    heard.completeExceptionally(t);
                }

                public void onCompleted() {
                    heard.complete(null);
                }
            });
            heard.get(20, TimeUnit.SECONDS);
            out.onNext(LinkMessage.newBuilder().setPolicies(fromBelow).build());
            NodeProcess.sleep(1500);
            out.onCompleted();
        } finally {
            channel.shutdownNow();
        }
        assertThat(guangdong.policy().path("digest").asText()).isEqualTo(before);
        assertThat(NodeDatabase.count(guangdong, "select count(*) from policy_pack where issuer = '440100'")).isZero();
        assertThat(NodeDatabase.count(guangdong, "select count(*) from alert where kind like 'policy.%'")).isZero();
    }

    private static String shipped(String pack) throws Exception {
        return Files.readString(SHIPPED.resolve(pack).resolve("pack.yaml"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
