package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.ByteString;

import dev.cascade.proto.catalog.v1.CatalogSyncGrpc;
import dev.cascade.proto.catalog.v1.ChangeAck;
import dev.cascade.proto.catalog.v1.ChangeBody;
import dev.cascade.proto.catalog.v1.ChangeKind;
import dev.cascade.proto.catalog.v1.CheckpointBody;
import dev.cascade.proto.catalog.v1.OriginChain;
import dev.cascade.proto.catalog.v1.SignedCheckpoint;
import dev.cascade.proto.catalog.v1.SignedChange;
import dev.cascade.proto.catalog.v1.SyncMessage;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * The catalog across six real nodes: 100000; 440000 with 440100 and 440300; 320000 with 320100.
 * Registration at a city, visibility by scope, withdrawal, forged changes and a provincial outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogCascadeIT {

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, jiangsu, guangzhou, shenzhen, nanjing;
    static Api gzProvider;

    @BeforeAll
    static void hierarchy() throws Exception {
        work = Files.createTempDirectory("cascade-catalog-it");
        topology = new Topology(work);
        national = topology.national();
        var provinces = Topology.together(() -> topology.join(national, "440000"), () -> topology.join(national, "320000"));
        guangdong = provinces.get(0);
        jiangsu = provinces.get(1);
        var cities = Topology.together(() -> topology.join(guangdong, "440100"), () -> topology.join(guangdong, "440300"),
                () -> topology.join(jiangsu, "320100"));
        guangzhou = cities.get(0);
        shenzhen = cities.get(1);
        nanjing = cities.get(2);
        gzProvider = Api.department(guangzhou, "gz-market", "provider");
    }

    @AfterAll
    static void teardown() {
        topology.close();
        Topology.deleteTree(work);
    }

    static Api reader(NodeProcess node) {
        return Api.department(node, "reader", "consumer");
    }

    @Test
    @Order(1)
    void aCityRegistrationReachesItsProvinceAndNationalThenItsWithdrawalToo() {
        Api.Reply created = gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000001", "广州市企业登记信息", "national"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("version").asInt()).isEqualTo(1);

        Api atNational = reader(national);
        Api atGuangdong = reader(guangdong);
        Topology.await(Duration.ofSeconds(10), () -> "registration visible at 440000 and 100000", () ->
                atGuangdong.sees("企业登记", "3.01.001.001-000001") && atNational.sees("企业登记", "3.01.001.001-000001"));

        assertThat(gzProvider.delete("/api/v1/resources/3.01.001.001-000001").status()).isEqualTo(200);
        Topology.await(Duration.ofSeconds(10), () -> "withdrawal reaches 440000 and 100000", () ->
                !atGuangdong.sees("企业登记", "3.01.001.001-000001") && !atNational.sees("企业登记", "3.01.001.001-000001"));
    }

    @Test
    @Order(2)
    void scopeDecidesWhoSeesAResource() {
        assertThat(gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000002", "广州市不动产登记", "province")).status())
                .isEqualTo(201);
        assertThat(gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000003", "广州市社保缴费", "national")).status())
                .isEqualTo(201);
        assertThat(gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000004", "广州市内部台账", "node")).status())
                .isEqualTo(201);
        Api atGuangdong = reader(guangdong), atShenzhen = reader(shenzhen), atJiangsu = reader(jiangsu),
                atNanjing = reader(nanjing), atNational = reader(national);

        // The national-scope resource reaches every node, which also proves the feeds have run past the others.
        for (Api everywhere : List.of(atGuangdong, atShenzhen, atJiangsu, atNanjing, atNational)) {
            Topology.await(Duration.ofSeconds(15), () -> "national-scope resource visible everywhere",
                    () -> everywhere.sees("社保缴费", "3.01.001.001-000003"));
        }
        Topology.await(Duration.ofSeconds(10), () -> "province-scope resource visible in Guangdong",
                () -> atGuangdong.sees("不动产", "3.01.001.001-000002") && atShenzhen.sees("不动产", "3.01.001.001-000002"));
        assertThat(atJiangsu.sees("不动产", "3.01.001.001-000002")).isFalse();
        assertThat(atNanjing.sees("不动产", "3.01.001.001-000002")).isFalse();
        for (Api elsewhere : List.of(atGuangdong, atShenzhen, atJiangsu, atNanjing, atNational)) {
            assertThat(elsewhere.sees("内部台账", "3.01.001.001-000004")).isFalse();
        }
        assertThat(reader(guangzhou).sees("内部台账", "3.01.001.001-000004")).isTrue();
    }

    @Test
    @Order(3)
    void anInvalidRegistrationNamesEachFieldAndStoresNothing() {
        String bad = Api.resource("3.01.001.001-000005", "无效资源", "national")
                .replace("\"level\":\"L2\",\"sharingType\":\"conditional\",\"sharingCondition\":\"用于行政审批\"",
                        "\"level\":\"L4\",\"sharingType\":\"unconditional\"");
        Api.Reply r = gzProvider.post("/api/v1/resources", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("violations").toString()).contains("sharingType");
        Api.Reply malformed = gzProvider.post("/api/v1/resources", "{\"id\": \"3.01.001.001-000006\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from catalog_entry where resource_id in"
                + " ('3.01.001.001-000005', '3.01.001.001-000006')")).isZero();
    }

    @Test
    @Order(4)
    void forgedChangesAreRefusedAndRaiseAnAlert() throws Exception {
        NodeCredentials gd = new NodeKeyStore(guangdong.dataDir).load();
        NodeCredentials gz = new NodeKeyStore(guangzhou.dataDir).load();
        NodeCredentials sz = new NodeKeyStore(shenzhen.dataDir).load();
        byte[] body = ChangeBody.newBuilder().setOrigin("440300").setSeq(999).setResourceId("3.01.001.001-000099").setVersion(1)
                .setKind(ChangeKind.CHANGE_KIND_UPSERT).setScope("national")
                .setDescriptorJson(Api.resource("3.01.001.001-000099", "伪造资源", "national"))
                .setAtUnixMillis(Instant.now().toEpochMilli()).build().toByteArray();
        // Claims 440300 but is signed by 440100's key and carries 440100's chain.
        SignedChange wrongOrigin = signed(body, ChangeSignature.sign(gz, body), gz);
        // Claims 440300 with its chain, but the signature is not over these bytes.
        byte[] altered = body.clone();
        altered[altered.length - 1] ^= 1;
        SignedChange badSignature = signed(altered, ChangeSignature.sign(sz, body), sz);

        long alertsBefore = NodeDatabase.count(national, "select count(*) from alert where kind = 'catalog.forged-change'");
        List<ChangeAck> acks = pushAs(gd, national, List.of(wrongOrigin, badSignature).stream()
                .map(c -> SyncMessage.newBuilder().setChange(c).build()).toList(), 2);
        assertThat(acks).hasSize(2).allSatisfy(a -> assertThat(a.getRefused()).isNotBlank());
        assertThat(acks.get(0).getRefused()).contains("440100").contains("440300");
        assertThat(NodeDatabase.count(national, "select count(*) from alert where kind = 'catalog.forged-change'"))
                .isEqualTo(alertsBefore + 2);
        assertThat(NodeDatabase.count(national, "select count(*) from catalog_entry where resource_id = '3.01.001.001-000099'")).isZero();
    }

    @Test
    @Order(5)
    void aChangeNamingAChainNotSentOnItsStreamIsRefusedAndAMisnamedChainEndsTheStream() throws Exception {
        NodeCredentials gd = new NodeKeyStore(guangdong.dataDir).load();
        NodeCredentials sz = new NodeKeyStore(shenzhen.dataDir).load();
        byte[] body = ChangeBody.newBuilder().setOrigin("440300").setSeq(1000).setResourceId("3.01.001.001-000098").setVersion(1)
                .setKind(ChangeKind.CHANGE_KIND_UPSERT).setScope("national")
                .setDescriptorJson(Api.resource("3.01.001.001-000098", "未知证书链", "national"))
                .setAtUnixMillis(Instant.now().toEpochMilli()).build().toByteArray();
        SignedChange inline = signed(body, ChangeSignature.sign(sz, body), sz);
        ByteString digest = chainDigest(inline.getOriginChainList());
        SignedChange byUnsentDigest = inline.toBuilder().clearOriginChain().setOriginChainDigest(digest).build();

        List<ChangeAck> acks = pushAs(gd, national, List.of(SyncMessage.newBuilder().setChange(byUnsentDigest).build()), 1);
        assertThat(acks).singleElement().satisfies(a -> assertThat(a.getRefused()).contains("was not sent on this stream"));

        SyncMessage misnamed = SyncMessage.newBuilder().setChain(OriginChain.newBuilder()
                .setDigest(ByteString.copyFrom(new byte[32])).addAllCertificates(inline.getOriginChainList())).build();
        assertThatThrownBy(() -> pushAs(gd, national, List.of(misnamed, SyncMessage.newBuilder().setChange(byUnsentDigest).build()), 1))
                .hasRootCauseInstanceOf(io.grpc.StatusRuntimeException.class)
                .rootCause().hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("digest does not match");
        assertThat(NodeDatabase.count(national, "select count(*) from catalog_entry where resource_id = '3.01.001.001-000098'")).isZero();
    }

    @Test
    @Order(6)
    void aCheckpointSignedByAnotherNodeThanItsOriginIsRefusedWithAnAlert() throws Exception {
        NodeCredentials gd = new NodeKeyStore(guangdong.dataDir).load();
        NodeCredentials gz = new NodeKeyStore(guangzhou.dataDir).load();
        List<ByteString> gzChain = new java.util.ArrayList<>(List.of(ByteString.copyFrom(gz.appCertificate().getEncoded())));
        for (var c : gz.caChain()) {
            gzChain.add(ByteString.copyFrom(c.getEncoded()));
        }
        ByteString gzDigest = chainDigest(gzChain);
        byte[] claimsShenzhen = CheckpointBody.newBuilder().setOrigin("440300").setFirstSeq(1)
                .addChangeDigests(ByteString.copyFrom(new byte[32])).build().toByteArray();
        SignedCheckpoint forged = SignedCheckpoint.newBuilder().setBody(ByteString.copyFrom(claimsShenzhen))
                .setSignature(ByteString.copyFrom(ChangeSignature.signCheckpoint(gz, claimsShenzhen)))
                .setOriginChainDigest(gzDigest).build();
        // A change naming a chain never sent closes the exchange with one ack after the checkpoint was judged.
        SignedChange probe = SignedChange.newBuilder().setBody(ByteString.copyFromUtf8("x")).setSignature(ByteString.copyFromUtf8("y"))
                .setOriginChainDigest(ByteString.copyFrom(new byte[32])).build();
        long alertsBefore = NodeDatabase.count(national, "select count(*) from alert where kind = 'catalog.forged-change'");

        pushAs(gd, national, List.of(
                SyncMessage.newBuilder().setChain(OriginChain.newBuilder().setDigest(gzDigest).addAllCertificates(gzChain)).build(),
                SyncMessage.newBuilder().setCheckpoint(forged).build(),
                SyncMessage.newBuilder().setChange(probe).build()), 1);

        assertThat(NodeDatabase.count(national, "select count(*) from alert where kind = 'catalog.forged-change'"
                + " and detail like '%checkpoint%' and detail like '%claims origin 440300%'")).isEqualTo(1);
        assertThat(NodeDatabase.count(national, "select count(*) from alert where kind = 'catalog.forged-change'"))
                .isEqualTo(alertsBefore + 2);
    }

    @Test
    @Order(10)
    void afterAProvincialOutageEveryChangeArrivesExactlyOnceInOrder() throws Exception {
        long before = NodeDatabase.count(national, "select coalesce(max(seq), 0) from catalog_change where origin = '440100'");
        guangdong.stop();
        for (int i = 0; i < 500; i++) {
            String id = "3.02.002.001-%06d".formatted(i + 1);
            Api.Reply r = gzProvider.post("/api/v1/resources", Api.resource(id, "分区测试资源" + i, "national"));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
        }
        long headAtCity = NodeDatabase.count(guangzhou, "select last_seq from catalog_origin where origin = '440100'");
        guangdong.serve();
        Topology.await(Duration.ofSeconds(60), () -> "national caught up with 440100's changes", () ->
                NodeDatabase.count(national, "select coalesce(max(seq), 0) from catalog_change where origin = '440100'") == headAtCity);
        // Exactly once and in order: one row per number, contiguous from where national was, and every resource once.
        assertThat(NodeDatabase.count(national, "select count(*) from catalog_change where origin = '440100' and seq > " + before))
                .isEqualTo(500);
        assertThat(NodeDatabase.count(national, "select count(*) from catalog_entry where origin = '440100'"
                + " and resource_id like '3.02.002.001-%' and version = 1 and withdrawn_at is null")).isEqualTo(500);
        assertThat(NodeDatabase.count(national, "select last_seq from catalog_origin where origin = '440100'")).isEqualTo(headAtCity);
        // The backlog travelled under the city's checkpoints: both hops skipped per-change signatures.
        assertThat(verifiedByCheckpoint(guangdong)).isGreaterThanOrEqualTo(400);
        assertThat(verifiedByCheckpoint(national)).isGreaterThanOrEqualTo(400);
    }

    /** The protocol's chain digest, computed here from its definition: SHA-256 over the certificates' DER in order. */
    private static ByteString chainDigest(List<ByteString> certificates) throws Exception {
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        certificates.forEach(c -> sha256.update(c.toByteArray()));
        return ByteString.copyFrom(sha256.digest());
    }

    /** The node's count of relayed changes accepted under a verified checkpoint (Prometheus text). */
    private static double verifiedByCheckpoint(NodeProcess node) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + node.httpPort + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("cascade_catalog_changes_verified_total") && l.contains("by=\"checkpoint\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static SignedChange signed(byte[] body, byte[] signature, NodeCredentials signer) throws Exception {
        SignedChange.Builder b = SignedChange.newBuilder().setBody(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(signature))
                .addOriginChain(ByteString.copyFrom(signer.appCertificate().getEncoded()));
        for (var c : signer.caChain()) {
            b.addOriginChain(ByteString.copyFrom(c.getEncoded()));
        }
        return b.build();
    }

    /**
     * Opens a catalog stream to {@code parent} as the child {@code as}, sends messages and waits for
     * that many acks. The impersonated node is stopped meanwhile: its own stream would replace the
     * test's (a parent keeps one catalog stream per child) and end it with ABORTED mid-test.
     */
    private static List<ChangeAck> pushAs(NodeCredentials as, NodeProcess parent, List<SyncMessage> messages, int expectedAcks)
            throws Exception {
        NodeProcess impersonated = as.region().equals(dev.cascade.node.config.NodeSettings.load(guangdong.dataDir).region())
                ? guangdong : null;
        if (impersonated != null) {
            impersonated.stop();
        }
        try {
            return exchange(as, parent, messages, expectedAcks);
        } finally {
            if (impersonated != null) {
                impersonated.serve();
            }
        }
    }

    private static List<ChangeAck> exchange(NodeCredentials as, NodeProcess parent, List<SyncMessage> messages, int expectedAcks)
            throws Exception {
        ManagedChannel channel = TierProbe.channelFor(parent.tierEndpoint(), as.tlsKey(), as.tlsChain());
        try {
            List<ChangeAck> acks = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<SyncMessage> out = CatalogSyncGrpc.newStub(channel).sync(new StreamObserver<>() {
                public void onNext(SyncMessage m) {
                    if (m.hasAck()) {
                        acks.add(m.getAck());
                        if (acks.size() == expectedAcks) {
                            done.complete(null);
                        }
                    }
                }

                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                public void onCompleted() {
                    done.complete(null);
                }
            });
            messages.forEach(out::onNext);
            done.get(20, TimeUnit.SECONDS);
            out.onCompleted();
            return acks;
        } finally {
            channel.shutdownNow();
        }
    }
}
