package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

import dev.cascade.proto.ledger.v1.AnchorRequest;
import dev.cascade.proto.ledger.v1.LedgerAnchoringGrpc;
import dev.cascade.protocol.catalog.AppliedRun;
import dev.cascade.protocol.catalog.ChangeKind;
import dev.cascade.protocol.catalog.Checkpoint;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The audit ledger on three real nodes (100000 ← 440000 ← 440100, real PostgreSQL and mTLS):
 * entries in the transaction of every change, signed heads, proofs checked by an RFC 9162
 * implementation of the test's own, anchoring at the parent, offline verification of exports, and
 * tampering — in the node's own database, and of a child's history seen from its parent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerIT {

    static final HexFormat HEX = HexFormat.of();
    static final Map<String, String> FAST_ANCHORING = Map.of("CASCADE_LEDGER_ANCHOR_INTERVAL", "1s");

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou;
    static Api gzAuditor, gdAuditor, gzProvider;

    @BeforeAll
    static void hierarchy() throws Exception {
        work = Files.createTempDirectory("cascade-ledger-it");
        topology = new Topology(work);
        national = topology.national();
        guangdong = topology.join(national, "440000", FAST_ANCHORING);
        guangzhou = topology.join(guangdong, "440100", FAST_ANCHORING);
        gzAuditor = Api.department(guangzhou, "gz-audit", "auditor");
        gdAuditor = Api.department(guangdong, "gd-audit", "auditor");
        gzProvider = Api.department(guangzhou, "gz-market", "provider");
    }

    @AfterAll
    static void teardown() {
        topology.close();
        if (!Boolean.getBoolean("cascade.it.keep")) {
            Topology.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void aChangeAndItsEntryAreWrittenTogetherAndTheEntryIsProvableUnderASignedHead() {
        Api.Reply created = gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000101", "广州市企业年报", "province"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        // Refused input changes nothing and leaves no entry.
        long before = NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'resource.registered'");
        Api.Reply refused = gzProvider.post("/api/v1/resources", "{\"id\": \"not a catalog id\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'resource.registered'"))
                .isEqualTo(before).isEqualTo(1);

        Topology.await(Duration.ofSeconds(5), () -> "the registration was never sequenced under a signed head",
                () -> NodeDatabase.count(guangzhou, "select count(*) from node_event where type = 'resource.registered'"
                        + " and leaf_index is not null and leaf_index < (select max(tree_size) from ledger_head)") == 1);
        long leaf = NodeDatabase.count(guangzhou, "select leaf_index from node_event where type = 'resource.registered'");

        JsonNode head = gzAuditor.get("/api/v1/audit/head").body();
        long size = head.path("treeSize").asLong();
        Api.Reply proved = gzAuditor.get("/api/v1/audit/entries/" + leaf + "?treeSize=" + size);
        assertThat(proved.status()).as(proved.raw()).isEqualTo(200);
        JsonNode entry = proved.body().path("entry");
        assertThat(entry.path("type").asText()).isEqualTo("resource.registered");
        assertThat(entry.path("subject").asText()).contains("3.01.001.001-000101");

        Rfc9162 rfc = new Rfc9162(head.path("hash").asText());
        byte[] leafHash = rfc.leaf(encodedEntry(entry));
        assertThat(HEX.formatHex(leafHash)).as("the leaf hash recomputed from the entry's fields")
                .isEqualTo(entry.path("leafHash").asText());
        assertThat(rfc.verifyInclusion(leaf, size, leafHash, hashes(proved.body().path("inclusionProof")),
                HEX.parseHex(head.path("rootHash").asText()))).as("inclusion proof under RFC 9162 §2.1.3.2").isTrue();
        // A wrong leaf does not pass the same proof.
        assertThat(rfc.verifyInclusion(leaf, size, rfc.leaf(new byte[] {1}), hashes(proved.body().path("inclusionProof")),
                HEX.parseHex(head.path("rootHash").asText()))).isFalse();
    }

    @Test
    @Order(2)
    void consistencyProofsBetweenSignedHeadsVerifyIndependently() {
        JsonNode first = gzAuditor.get("/api/v1/audit/head").body();
        for (int i = 0; i < 3; i++) {
            Api.Reply created = gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-00020" + i, "广州市证照 " + i, "node"));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
        }
        Topology.await(Duration.ofSeconds(5), () -> "no newer head was signed",
                () -> gzAuditor.get("/api/v1/audit/head").body().path("treeSize").asLong() > first.path("treeSize").asLong());
        JsonNode second = gzAuditor.get("/api/v1/audit/head").body();
        Api.Reply proof = gzAuditor.get("/api/v1/audit/consistency?from=" + first.path("treeSize").asLong()
                + "&to=" + second.path("treeSize").asLong());
        assertThat(proof.status()).as(proof.raw()).isEqualTo(200);
        Rfc9162 rfc = new Rfc9162(second.path("hash").asText());
        assertThat(rfc.verifyConsistency(first.path("treeSize").asLong(), second.path("treeSize").asLong(),
                HEX.parseHex(first.path("rootHash").asText()), HEX.parseHex(second.path("rootHash").asText()),
                hashes(proof.body().path("proof")))).as("consistency proof under RFC 9162 §2.1.4.2").isTrue();

        // The whole log recomputed by the test's own MTH gives the newest root.
        String export = gzAuditor.get("/api/v1/audit/export").raw();
        List<byte[]> leaves = new ArrayList<>();
        for (String line : export.split("\n")) {
            JsonNode json = parse(line);
            if (json.has("entry") && json.path("entry").path("index").asLong() < second.path("treeSize").asLong()) {
                leaves.add(rfc.leaf(encodedEntry(json.path("entry"))));
            }
        }
        assertThat(HEX.formatHex(rfc.mth(leaves))).isEqualTo(second.path("rootHash").asText());

        // Sizes far past anything signed (the ledger keeps growing meanwhile: applied catalog changes, links).
        long unsigned = second.path("treeSize").asLong() + 1000;
        assertThat(gzAuditor.get("/api/v1/audit/consistency?from=" + unsigned).status()).isEqualTo(400);
        assertThat(gzProvider.get("/api/v1/audit/head").status()).as("a provider is no auditor").isEqualTo(403);
        assertThat(gzAuditor.get("/api/v1/audit/entries/" + unsigned).status()).as("no such entry").isEqualTo(404);
        assertThat(gzAuditor.get("/api/v1/audit/entries/0?treeSize=" + unsigned).status()).as("no head of that size").isEqualTo(404);
        Api.Reply badExport = gzAuditor.get("/api/v1/audit/export?to=" + unsigned);
        assertThat(badExport.status()).isEqualTo(400);
        assertThat(badExport.raw()).contains("signed head");
    }

    @Test
    @Order(3)
    void theParentAnchorsTheCitysHeadsAndSignsReceipts() throws Exception {
        Topology.await(Duration.ofSeconds(15), () -> "440100's newest head was never anchored at 440000",
                () -> gzAuditor.get("/api/v1/audit/head").body().has("anchor"));
        JsonNode head = gzAuditor.get("/api/v1/audit/head").body();
        assertThat(head.path("anchor").path("parent").asText()).isEqualTo("440000");
        JsonNode status = guangzhou.status().path("ledger");
        assertThat(status.path("treeSize").asLong()).as(status.toString()).isPositive();
        assertThat(status.path("anchoredSize").asLong()).as("cascade-node status shows the anchored head").isPositive();
        JsonNode anchors = gdAuditor.get("/api/v1/audit/anchors").body();
        assertThat(anchors.toString()).contains("440100");
        assertThat(anchors.get(0).has("alert")).isFalse();
        assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'ledger.anchored'"
                + " and subject = '440100'")).isPositive();
        // The province's ledger also records the city's catalog changes it applied, by run, with a digest that
        // names each signed change as its origin's checkpoint would (decision 0030).
        Topology.await(Duration.ofSeconds(10), () -> "440000 recorded no applied change of 440100",
                () -> NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'catalog.changes-applied'"
                        + " and subject = '440100' and length(digest) = 32") > 0);
        try (Connection db = NodeDatabase.connect(guangdong);
             ResultSet runs = db.createStatement().executeQuery("select detail, digest from node_event"
                     + " where type = 'catalog.changes-applied' and subject = '440100' order by id")) {
            long recorded = 0;
            while (runs.next()) {
                AppliedRun.Span span = AppliedRun.span(runs.getString(1)).orElseThrow();
                AppliedRun.Builder again = new AppliedRun.Builder(RegionCode.parse("440100"));
                try (ResultSet changes = db.createStatement().executeQuery("select seq, kind, body, signature from catalog_change"
                        + " where origin = '440100' and seq between " + span.firstSeq() + " and " + span.lastSeq() + " order by seq")) {
                    while (changes.next()) {
                        again.add(changes.getLong(1), ChangeKind.valueOf(changes.getString(2)),
                                Checkpoint.changeDigest(changes.getBytes(3), changes.getBytes(4)));
                    }
                }
                AppliedRun run = again.build();
                assertThat(run.applied()).isEqualTo(span.applied());
                assertThat(runs.getBytes(2)).as("the run's digest, recomputed from the change log").isEqualTo(run.digest());
                recorded += run.applied();
            }
            assertThat(recorded).as("every change of 440100 held at 440000 is in a recorded run")
                    .isEqualTo(NodeDatabase.count(guangdong, "select count(*) from catalog_change where origin = '440100'"));
        }
        // The province's own head reaches the national node in turn.
        Topology.await(Duration.ofSeconds(15), () -> "440000 was never anchored at 100000",
                () -> NodeDatabase.count(national, "select count(*) from ledger_anchor where child_region = '440000'") == 1);
    }

    @Test
    @Order(4)
    void anUntouchedExportVerifiesOfflineAndEveryAlterationIsFoundAtItsIndex() throws Exception {
        Topology.await(Duration.ofSeconds(15), () -> "no anchored head", () -> gzAuditor.get("/api/v1/audit/head").body().has("anchor"));
        assertThat(verify(export("good")).exitCode()).as("an untouched export").isZero();

        long edited = leafIndexOf("resource.registered");
        sql(guangzhou, "update node_event set detail = detail || ' (edited)' where leaf_index = " + edited);
        NodeProcess.Result afterEdit = verify(export("edited"));
        sql(guangzhou, "update node_event set detail = replace(detail, ' (edited)', '') where leaf_index = " + edited);
        assertThat(afterEdit.exitCode()).as(afterEdit.stdout() + afterEdit.stderr()).isEqualTo(1);
        assertThat(afterEdit.stdout() + afterEdit.stderr()).contains("first bad index " + edited);

        long moved = leafIndexOf("resource.registered") + 1;
        sql(guangzhou, "update node_event set leaf_index = -1 where leaf_index = " + (moved - 1) + ";"
                + " update node_event set leaf_index = " + (moved - 1) + " where leaf_index = " + moved + ";"
                + " update node_event set leaf_index = " + moved + " where leaf_index = -1");
        NodeProcess.Result afterSwap = verify(export("reordered"));
        sql(guangzhou, "update node_event set leaf_index = -1 where leaf_index = " + (moved - 1) + ";"
                + " update node_event set leaf_index = " + (moved - 1) + " where leaf_index = " + moved + ";"
                + " update node_event set leaf_index = " + moved + " where leaf_index = -1");
        assertThat(afterSwap.exitCode()).isEqualTo(1);
        assertThat(afterSwap.stdout() + afterSwap.stderr()).contains("first bad index " + (moved - 1));

        long deleted = 2;
        sql(guangzhou, "create table node_event_kept as select * from node_event where leaf_index = " + deleted + ";"
                + " delete from node_event where leaf_index = " + deleted);
        NodeProcess.Result afterDelete = verify(export("deleted"));
        sql(guangzhou, "insert into node_event select * from node_event_kept; drop table node_event_kept");
        assertThat(afterDelete.exitCode()).isEqualTo(1);
        assertThat(afterDelete.stdout() + afterDelete.stderr()).contains("first bad index " + deleted);

        assertThat(verify(export("restored")).exitCode()).as("restored rows verify again").isZero();
    }

    @Test
    @Order(5)
    void theParentDetectsARewrittenChildHistoryAtTheNextAnchoring() throws Exception {
        Topology.await(Duration.ofSeconds(15), () -> "no anchored head", () -> gzAuditor.get("/api/v1/audit/head").body().has("anchor"));
        // An insider rewrites an early entry together with its stored leaf hash and drops the signed
        // heads and receipts that would give it away; restarted, the node signs the rewritten history.
        sql(guangzhou, "update node_event set detail = 'nothing happened', leaf_hash = decode(repeat('ab', 32), 'hex')"
                + " where leaf_index = 1; delete from ledger_head");
        guangzhou.stop();
        guangzhou.serve();
        Api.Reply created = gzProvider.post("/api/v1/resources", Api.resource("3.01.001.001-000301", "广州市新登记", "node"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Topology.await(Duration.ofSeconds(20), () -> "440000 never raised an alert for 440100",
                () -> gdAuditor.get("/api/v1/audit/anchors").body().toString().contains("rewritten"));
        assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'ledger.alert'"
                + " and subject = '440100'")).isPositive();
        assertThat(NodeDatabase.count(guangdong, "select count(*) from alert where kind = 'ledger.child-history'"
                + " and subject = '440100' and detail like '%rewritten%'")).as("a risk alert at the parent").isPositive();
        assertThat(gzAuditor.get("/api/v1/audit/head").body().has("anchor")).as("the rewritten head got no receipt").isFalse();
    }

    @Test
    @Order(6)
    void theParentRefusesForgedMalformedForkedAndTruncatedHeadsWithTheirReasons() throws Exception {
        // The city's own (rewritten) anchoring would keep raising alerts: this test speaks for it, with its keys.
        guangzhou.stop();
        NodeCredentials city = new NodeKeyStore(guangzhou.dataDir).load();
        NodeCredentials province = new NodeKeyStore(guangdong.dataDir).load();
        long anchored = NodeDatabase.count(guangdong, "select tree_size from ledger_anchor where child_region = '440100'");
        long alerts = NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'ledger.alert'");
        TreeHead fork = new TreeHead(anchored, new byte[32], System.currentTimeMillis(), LedgerHash.SM3);
        TreeHead shorter = new TreeHead(anchored - 1, new byte[32], System.currentTimeMillis(), LedgerHash.SM3);
        ManagedChannel channel = TierProbe.channelFor(guangdong.tierEndpoint(), city.tlsKey(), city.tlsChain());
        try {
            var stub = LedgerAnchoringGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stub.anchor(anchorRequest(fork, TreeHeadSignatures.sign(province, fork), city, anchored)))
                    .as("signed by the province, claimed by the city").isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
                    .hasMessageContaining("tree head refused");
            assertThatThrownBy(() -> stub.anchor(AnchorRequest.newBuilder().setHead(ByteString.copyFrom(new byte[] {1, 2, 3})).build()))
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                    .hasMessageContaining("malformed tree head");
            assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'ledger.alert'"))
                    .as("nothing the child did not sign raises an alert").isEqualTo(alerts);

            assertThatThrownBy(() -> stub.anchor(anchorRequest(fork, TreeHeadSignatures.sign(city, fork), city, anchored)))
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION))
                    .hasMessageContaining("forked");
            assertThatThrownBy(() -> stub.anchor(anchorRequest(shorter, TreeHeadSignatures.sign(city, shorter), city, anchored)))
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION))
                    .hasMessageContaining("truncated");
        } finally {
            channel.shutdownNow();
        }
        assertThat(NodeDatabase.count(guangdong, "select count(*) from node_event where type = 'ledger.alert'")).isEqualTo(alerts + 2);
        assertThat(NodeDatabase.count(guangdong, "select tree_size from ledger_anchor where child_region = '440100'"))
                .as("the anchored record is untouched").isEqualTo(anchored);
    }

    static AnchorRequest anchorRequest(TreeHead head, byte[] signature, NodeCredentials author, long from) throws Exception {
        AnchorRequest.Builder out = AnchorRequest.newBuilder().setHead(ByteString.copyFrom(head.encoded()))
                .setSignature(ByteString.copyFrom(signature)).setFromSize(from);
        for (java.security.cert.X509Certificate c : author.appChain()) {
            out.addChain(ByteString.copyFrom(c.getEncoded()));
        }
        return out.build();
    }

    // --- helpers ---

    static long leafIndexOf(String type) {
        return NodeDatabase.count(guangzhou, "select min(leaf_index) from node_event where type = '" + type + "'");
    }

    static Path export(String name) throws Exception {
        Api.Reply reply = gzAuditor.get("/api/v1/audit/export");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        Path file = work.resolve("export-" + name + ".jsonl");
        Files.writeString(file, reply.raw());
        return file;
    }

    static NodeProcess.Result verify(Path export) {
        return NodeProcess.cli("audit", "verify", "--export", export.toString(), "--cert",
                guangzhou.dataDir.resolve("pki/app.pem").toString());
    }

    static void sql(NodeProcess node, String statements) throws Exception {
        try (Connection c = NodeDatabase.connect(node); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(h -> out.add(HEX.parseHex(h.asText())));
        return out;
    }

    static JsonNode parse(String line) {
        try {
            return NodeProcess.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The entry's canonical bytes, per docs/protocols/ledger.md §1, built by the test from the fields. */
    static byte[] encodedEntry(JsonNode e) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(1);
        out.writeBytes(java.nio.ByteBuffer.allocate(16).putLong(e.path("index").asLong()).putLong(e.path("occurredAt").asLong())
                .array());
        for (String field : List.of("type", "actor", "subject", "detail")) {
            byte[] utf8 = e.path(field).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(utf8.length >>> 8);
            out.write(utf8.length);
            out.writeBytes(utf8);
        }
        byte[] digest = HEX.parseHex(e.path("digest").asText());
        out.write(digest.length);
        out.writeBytes(digest);
        return out.toByteArray();
    }
}
