package dev.cascade.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.cascade.node.anchoring.AnchorRequestFuzzTest;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.ledger.export.SampleLedger;
import dev.cascade.proto.catalog.v1.ChangeBody;
import dev.cascade.proto.catalog.v1.ChangeKind;
import dev.cascade.proto.catalog.v1.CheckpointBody;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ExchangeState;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.proto.ledger.v1.AnchorRequest;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Pem;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of node-runtime's fuzz targets with the real encoders: signed exchange
 * frames, catalog change bodies, a registration, source configurations, uploaded files in UTF-8 and
 * GBK, anchoring requests and a ledger export (with the certificate it verifies against). Run on
 * demand ({@code deploy/local/fuzz.sh --write-seeds}, which sets {@value #DIRECTORY} to the
 * module's src/test/resources) and commit what it writes.
 */
@Tag("fuzz")
class FuzzSeedCorpus {

    static final String DIRECTORY = "cascade.fuzz.seeds";

    private static final String EXCHANGE_ID = "6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b";
    private static final Charset GBK = Charset.forName("GB18030");
    private static final String REGISTRATION = """
            {"id":"gz-health-licences","title":"医疗机构执业许可","abstract":"广州市医疗机构执业许可登记信息",
             "category":"health","format":"csv",
             "dataItems":[{"name":"licence_no","type":"string","description":"许可证号","level":"L2"},
                          {"name":"legal_id","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                          {"name":"issued","type":"date","description":"发证日期","level":"L1"}],
             "level":"L3","sharingType":"conditional","sharingCondition":"用于行政审批","openType":"conditional",
             "updateCycle":"daily","publishDate":"2026-11-01","scope":"province","source":"upload"}
            """;

    private Path root;

    @Test
    @EnabledIfSystemProperty(named = DIRECTORY, matches = ".+")
    void writes_the_seed_corpora() throws IOException {
        root = Path.of(System.getProperty(DIRECTORY)).resolve("dev/cascade/node");
        SampleLedger ledger = new SampleLedger(12, 4);
        exchangeFrames(ledger.province());
        catalogBodies();
        sourceInputs();
        anchorRequests(ledger.province());
        write("ledger/export/fuzz/node-certificate.pem", Pem.writeCertificate(ledger.nodeCertificate())
                .getBytes(StandardCharsets.US_ASCII));
        String export = "ledger/export/LedgerExportFuzzTestInputs/an_export_audits_to_a_report_or_is_refused_at_a_line/";
        write(export + "whole-ledger.jsonl", ledger.export(0, 12));
        write(export + "range-from-5.jsonl", ledger.export(5, 12));
    }

    private void exchangeFrames(NodeCredentials author) throws IOException {
        String dir = "exchange/routing/ExchangeFrameFuzzTestInputs/a_frame_arrives_or_is_refused_with_one_reason/";
        List<ByteString> chain = AuthorKeys.wireChain(author);
        byte[] request = RequestBody.newBuilder().setExchangeId(EXCHANGE_ID).setConsumerRegion("440100")
                .setConsumerDepartment("gz-health").addConsumerRoles("analyst").setClearance("L3")
                .setOwnerRegion("320100").setResourceId("nj-licences").addFields("licence_no").addFields("legal_id")
                .setPurpose("行政审批核验").setLegalBasis("《行政许可法》第三十一条").build().toByteArray();
        byte[] requestSeal = ExchangeSignatures.sealAll(author, ExchangeSignatures.Kind.REQUEST, List.of(request)).get(0);
        frame(dir + "request-from-child", 1, ExchangeFrame.newBuilder().setRequest(SignedRequest.newBuilder()
                .setBody(ByteString.copyFrom(request)).setSignature(ByteString.copyFrom(requestSeal))
                .addAllConsumerChain(chain)).build());
        byte[] grant = GrantBody.newBuilder().setExchangeId(EXCHANGE_ID).setRequestDigest(ByteString.copyFrom(
                        Fingerprints.sm3(request))).setOwnerRegion("320100").setConsumerRegion("440100")
                .setConsumerDepartment("gz-health").setResourceId("nj-licences")
                .addFields(GrantedField.newBuilder().setName("licence_no").setMask("reveal"))
                .addFields(GrantedField.newBuilder().setName("legal_id").setMask("keep(first=6,last=4)"))
                .setRowLimit(5000).setPurpose("行政审批核验").setIssuedAtMs(1_764_547_200_000L)
                .setNotAfterMs(1_765_152_000_000L).addMaskingProfiles("standard").build().toByteArray();
        byte[] update = UpdateBody.newBuilder().setExchangeId(EXCHANGE_ID).setOwnerRegion("320100")
                .setConsumerRegion("440100").setSeq(2).setState(ExchangeState.GRANTED).addRules("baseline-conditional")
                .setAtMs(1_764_547_200_000L).setRequestDigest(ByteString.copyFrom(Fingerprints.sm3(request)))
                .setGrant(SignedGrant.newBuilder().setBody(ByteString.copyFrom(grant))
                        .setSignature(ByteString.copyFrom(new byte[64])))
                .build().toByteArray();
        byte[] updateSeal = ExchangeSignatures.sealAll(author, ExchangeSignatures.Kind.UPDATE, List.of(update)).get(0);
        frame(dir + "update-from-parent", 0, ExchangeFrame.newBuilder().setUpdate(SignedUpdate.newBuilder()
                .setBody(ByteString.copyFrom(update)).setSignature(ByteString.copyFrom(updateSeal))
                .addAllOwnerChain(chain)).build());
        byte[] receipt = ReceiptBody.newBuilder().setExchangeId(EXCHANGE_ID).setConsumerRegion("440100")
                .setOwnerRegion("320100").setChunkCount(3).setRowCount(12_000)
                .setContentDigest(ByteString.copyFrom(Fingerprints.sm3(grant))).setAtMs(1_764_550_000_000L)
                .build().toByteArray();
        frame(dir + "receipt-from-child", 1, ExchangeFrame.newBuilder().setReceipt(SignedReceipt.newBuilder()
                .setBody(ByteString.copyFrom(receipt)).setSignature(ByteString.copyFrom(new byte[64]))
                .addAllConsumerChain(chain)).build());
    }

    private void catalogBodies() throws IOException {
        String dir = "catalog/CatalogChangeFuzzTestInputs/a_change_or_checkpoint_body_reads_or_is_refused_with_a_reason/";
        ChangeBody upsert = ChangeBody.newBuilder().setOrigin("440100").setSeq(7).setResourceId("gz-health-licences")
                .setVersion(2).setKind(ChangeKind.CHANGE_KIND_UPSERT).setScope("province")
                .setDescriptorJson(REGISTRATION.replace("\"source\":\"upload\"}",
                        "\"source\":\"upload\",\"providerDept\":\"gz-health\"}"))
                .setAtUnixMillis(1_764_547_200_000L).build();
        frame(dir + "upsert", 0, upsert);
        frame(dir + "withdrawal", 0, upsert.toBuilder().setSeq(8).setVersion(3).setKind(ChangeKind.CHANGE_KIND_WITHDRAW)
                .setDescriptorJson("").build());
        CheckpointBody.Builder checkpoint = CheckpointBody.newBuilder().setOrigin("440100").setFirstSeq(5);
        for (int i = 0; i < 3; i++) {
            checkpoint.addChangeDigests(ByteString.copyFrom(Fingerprints.sm3(new byte[] {(byte) i})));
        }
        frame(dir + "checkpoint", 1, checkpoint.build());
        String rest = "catalog/ResourceBodyFuzzTestInputs/a_registration_body_reads_as_a_descriptor_or_names_every_violation/";
        write(rest + "registration.json", REGISTRATION.getBytes(StandardCharsets.UTF_8));
        write(rest + "violations.json", """
                {"id":"other","title":"","format":"xls","dataItems":[{"name":"a","type":"blob"},3],"level":"L9",
                 "publishDate":"2026-13-01","scope":"galaxy"}""".getBytes(StandardCharsets.UTF_8));
    }

    private void sourceInputs() throws IOException {
        String files = "exchange/source/UploadedFileFuzzTestInputs/an_upload_is_accepted_and_reads_back_as_scanned_or_refused_at_a_line/";
        String csv = "licence_no,name,issued\r\nGZ-001,\"广州市第一人民医院\",2026-11-01\r\n"
                + "GZ-002,\"荔湾区 \"\"中心\"\" 医院\",2026-11-02\r\nGZ-003,\"多行\n地址\",\r\n";
        String jsonl = "{\"licence_no\":\"GZ-001\",\"name\":\"广州市第一人民医院\",\"beds\":1200}\n"
                + "{\"licence_no\":\"GZ-002\",\"name\":null,\"open\":true}\n";
        write(files + "csv-utf8-detected", prefixed(0, csv.getBytes(StandardCharsets.UTF_8)));
        write(files + "csv-gbk-detected", prefixed(0, csv.getBytes(GBK)));
        write(files + "csv-gbk-declared", prefixed(6, csv.getBytes(GBK)));
        write(files + "csv-utf8-bom-declared-gbk", prefixed(6, ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8)));
        write(files + "jsonl-utf8-declared", prefixed(5, jsonl.getBytes(StandardCharsets.UTF_8)));
        write(files + "jsonl-gbk-detected", prefixed(1, jsonl.getBytes(GBK)));
        String configs = "exchange/source/SourceConfigFuzzTestInputs/a_source_configuration_reads_and_survives_storage_or_names_every_violation/";
        write(configs + "http.json", """
                {"kind":"http","url":"https://api.example.gov.cn/v1/licences","headers":{"X-Api-Key":"k-123"},
                 "recordsMember":"data","timeoutSeconds":30}""".getBytes(StandardCharsets.UTF_8));
        write(configs + "postgres-table.json", """
                {"kind":"postgres","host":"db.internal","port":5432,"database":"licences","user":"cascade_reader",
                 "password":"s3cret","sslMode":"require","table":"public.licence_view","timeoutSeconds":30}"""
                .getBytes(StandardCharsets.UTF_8));
        write(configs + "postgres-query.json", """
                {"kind":"postgres","host":"db.internal","port":5432,"database":"licences","user":"cascade_reader",
                 "password":"s3cret","sslMode":"disable","query":"select id, name from licence where valid"}"""
                .getBytes(StandardCharsets.UTF_8));
    }

    private void anchorRequests(NodeCredentials child) throws IOException {
        String dir = "anchoring/AnchorRequestFuzzTestInputs/an_anchor_request_is_judged_or_refused_with_a_reason/";
        int anchored = AnchorRequestFuzzTest.ANCHORED;
        anchor(dir + "extends-from-anchored", child, 9, anchored);
        anchor(dir + "first-anchoring", child, anchored, 0);
        anchor(dir + "proves-from-elsewhere", child, 13, 3);
    }

    private void anchor(String file, NodeCredentials child, int size, int from) throws IOException {
        TreeHead head = AnchorRequestFuzzTest.head(size);
        AnchorRequest.Builder request = AnchorRequest.newBuilder().setHead(ByteString.copyFrom(head.encoded()))
                .setSignature(ByteString.copyFrom(TreeHeadSignatures.sign(child, head))).setFromSize(from)
                .addAllChain(AuthorKeys.wireChain(child));
        if (from > 0) {
            AnchorRequestFuzzTest.proof(from, size).forEach(p -> request.addConsistencyProof(ByteString.copyFrom(p)));
        }
        write(file, request.build().toByteArray());
    }

    private void frame(String file, int first, MessageLite message) throws IOException {
        write(file, prefixed(first, message.toByteArray()));
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private void write(String name, byte[] bytes) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
