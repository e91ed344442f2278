package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.catalog.ResourceJson;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.exchange.store.ExchangeStores;
import dev.cascade.node.identity.LocalNodes;
import dev.cascade.node.testing.ScratchPostgres;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.catalog.DataFormat;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.FieldType;
import dev.cascade.protocol.catalog.OpenType;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.catalog.SourceKind;
import dev.cascade.protocol.catalog.UpdateCycle;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.watermark.LeakTrace;
import dev.cascade.protocol.watermark.WatermarkKey;
import dev.cascade.protocol.watermark.Watermarker;
import io.smallrye.mutiny.Uni;

/**
 * The marks of an owner's sealed deliveries rebuilt from its exchange table on a real PostgreSQL:
 * 1,000 deliveries of one resource, a 1,000-row copy of one of them traced back to it, the whole
 * trace (reading the table, rebuilding every layout and mark, scoring) timed against the goal of 10 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveredMarksTest {

    static final String RESOURCE = "3.01.001.002-000301";
    static final int DELIVERIES = 1_000;
    static final ResourceDescriptor DESCRIPTOR = new ResourceDescriptor(RESOURCE, "企业 纳税信息", "企业登记与纳税信息", "enterprise",
            DataFormat.CSV, List.of(item("id_no", FieldType.STRING), item("name", FieldType.STRING),
                    item("amount", FieldType.DECIMAL), item("updated", FieldType.DATETIME)),
            DataLevel.L1, SharingType.UNCONDITIONAL, null, OpenType.CONDITIONAL, UpdateCycle.DAILY, LocalDate.of(2026, 11, 1),
            Scope.NATIONAL, SourceKind.UPLOAD);

    private ScratchPostgres db;
    private DeliveredMarks marks;
    private final List<String> exchanges = new ArrayList<>();
    private final GrantBody grant = GrantBody.newBuilder()
            .addFields(GrantedField.newBuilder().setName("id_no").setMask("pseudonym:k1"))
            .addFields(GrantedField.newBuilder().setName("name").setMask("reveal"))
            .addFields(GrantedField.newBuilder().setName("amount").setMask("reveal"))
            .addFields(GrantedField.newBuilder().setName("updated").setMask("reveal")).build();

    static DataItem item(String name, FieldType type) {
        return new DataItem(name, type, name, null, DataLevel.L1);
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, true, 4);
        Path dataDir = tmp.resolve("data-dir");
        new NodeKeyStore(dataDir).save(CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC()));
        new NodeSettings(RegionCode.NATIONAL, Optional.empty(), Optional.empty(), "127.0.0.1", 7443, 8080, Optional.empty())
                .save(dataDir);
        String descriptorJson = ResourceJson.write(DESCRIPTOR, "gd-market");
        marks = new DeliveredMarks();
        marks.node = LocalNodes.loadedFrom(dataDir);
        marks.store = ExchangeStores.on(db.pool());
        marks.catalog = new CatalogDescriptors() {
            @Override
            public Uni<Optional<Registered>> lastRegistered(String origin, String resourceId) {
                return Uni.createFrom().item(RESOURCE.equals(resourceId) ? Optional.of(new Registered("gd-market", descriptorJson, 1))
                        : Optional.empty());
            }
        };
        try (PreparedStatement s = db.jdbc().prepareStatement("insert into exchange (id, role, state, consumer_region,"
                + " consumer_dept, owner_region, resource_id, purpose, request_body, request_signature, request_chain_digest,"
                + " request_digest, update_seq, update_body, chunk_count, row_count, created_at, updated_at)"
                + " values (?, 'owner', 'CLOSED', '440000', ?, '100000', ?, 'audit', '\\x01', '\\x02', '\\x03', '\\x04', 3, ?, 1, 1000, ?, ?)")) {
            for (int i = 0; i < DELIVERIES; i++) {
                String id = UUID.randomUUID().toString();
                exchanges.add(id);
                UpdateBody update = UpdateBody.newBuilder().setExchangeId(id).setSeq(3)
                        .setGrant(SignedGrant.newBuilder().setBody(grant.toBuilder().setExchangeId(id).build().toByteString())).build();
                s.setString(1, id);
                s.setString(2, "dept-" + i % 7);
                s.setString(3, i % 10 == 9 ? "3.01.001.002-000999" : RESOURCE); // one in ten of a resource gone from the catalog
                s.setBytes(4, update.toByteArray());
                Timestamp at = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i));
                s.setTimestamp(5, at);
                s.setTimestamp(6, at);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    @Test
    void everySealedDeliveryOfAKnownResourceIsACandidateWithTheLayoutItWasMarkedWith() {
        DeliveredMarks.Candidates found = marks.candidates();

        assertThat(found.marks()).hasSize(900);
        assertThat(found.unrebuildable()).isEqualTo(100);
        LeakTrace.Candidate<DeliveredMarks.Delivered> first = found.marks().get(0);
        assertThat(first.delivery().exchangeId()).isEqualTo(exchanges.get(0));
        assertThat(first.delivery().consumerRegion()).isEqualTo("440000");
        assertThat(first.delivery().consumerDept()).isEqualTo("dept-0");
        assertThat(first.markId()).isEqualTo(DeliveryPipeline.markId(exchanges.get(0)));
        assertThat(first.layout()).isEqualTo(DeliveryPipeline.layout(DESCRIPTOR, grant));
    }

    @Test
    void aThousandRowCopyIsTracedAmongTheDeliveriesWellUnderTenSeconds() {
        byte[] material = new byte[WatermarkKey.LENGTH];
        new Random(1).nextBytes(material);
        WatermarkKey key = WatermarkKey.of(material);
        String leaker = exchanges.get(421);
        RowSchema schema = new RowSchema(List.of("id_no", "name", "amount", "updated"));
        Watermarker marker = new Watermarker(key, DeliveryPipeline.layout(DESCRIPTOR, grant), schema, DeliveryPipeline.markId(leaker));
        List<Row> copy = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 1_000; i++) {
            copy.add(marker.embed(Row.of("P" + Long.toHexString(random.nextLong()), "企业" + i,
                    String.format(Locale.ROOT, "%d.%02d", random.nextInt(100_000), 1 + random.nextInt(99)),
                    String.format("2026-10-%02dT09:%02d:%02d", 1 + i % 28, i % 60, 1 + random.nextInt(59)))));
        }
        Collections.shuffle(copy, random);

        // Twice: the first in a cold JVM, as a node that never traced before; the second as one that has.
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            DeliveredMarks.Candidates candidates = marks.candidates();
            long t1 = System.nanoTime();
            LeakTrace.Verdict<DeliveredMarks.Delivered> verdict = LeakTrace.trace(key, schema, copy, candidates.marks(),
                    LeakTrace.DEFAULT_ALPHA);
            long t2 = System.nanoTime();

            assertThat(verdict).isInstanceOfSatisfying(LeakTrace.Verdict.Traced.class, t -> {
                assertThat(((DeliveredMarks.Delivered) t.best().delivery()).exchangeId()).isEqualTo(leaker);
                assertThat(t.tested()).isEqualTo(900);
            });
            assertThat((t2 - t0) / 1e9).isLessThan(10);
            System.out.printf("trace of a 1,000-row copy over %d sealed deliveries, %s: %.3f s (table read and marks rebuilt"
                    + " %.3f s, votes and scores %.3f s)%n", DELIVERIES, run == 0 ? "cold" : "warm", (t2 - t0) / 1e9,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }
}
