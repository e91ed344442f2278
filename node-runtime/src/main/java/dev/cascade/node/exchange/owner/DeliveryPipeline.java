package dev.cascade.node.exchange.owner;

import com.google.protobuf.ByteString;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.ChunkRows;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.ChunkFlows;
import dev.cascade.node.exchange.routing.ChunkPurge;
import dev.cascade.node.exchange.routing.Flow;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.IncrementRows;
import dev.cascade.node.exchange.source.RowSource;
import dev.cascade.node.exchange.source.SourceFailure;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.node.exchange.store.SpooledChunk;
import dev.cascade.node.exchange.store.SubscriptionStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.policy.mask.Masker;
import dev.cascade.policy.mask.MaskingException;
import dev.cascade.proto.exchange.v1.Delivery;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.envelope.ChunkSealer;
import dev.cascade.protocol.envelope.ChunkSignatures;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import dev.cascade.protocol.watermark.Carrier;
import dev.cascade.protocol.watermark.WatermarkKey;
import dev.cascade.protocol.watermark.WatermarkLayout;
import dev.cascade.protocol.watermark.Watermarker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.jboss.logging.Logger;

/**
 * The owner node's delivery of a grant: rows from the provider's source → granted fields only →
 * masks → the recipient's watermark → chunks sealed under a fresh data key wrapped for the
 * consumer node → signed → spooled and relayed. Nothing is read before the grant, and a failure
 * at any row fails the whole exchange: the consumer node only releases data once every chunk and
 * the owner's totals agree, so a partial delivery is never usable.
 */
@ApplicationScoped
public class DeliveryPipeline {

    private static final Logger LOG = Logger.getLogger(DeliveryPipeline.class);

    /**
     * One row in three carries a mark bit (one in six has a value moved by one unit): 200 leaked
     * rows then name one recipient among 1,000 at a false-accusation probability of 10⁻⁶, where
     * the default of five needs 250 (decision 0019, docs/benchmarks.md).
     */
    static final int GAMMA = 3;

    @Inject
    GrantMasking masking;
    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    ChunkFlows flows;
    @Inject
    ChunkPurge purge;
    @Inject
    OwnerDesk owner;
    @Inject
    OwnerPolicy policy;
    @Inject
    DataSources sources;
    @Inject
    SubscriptionStore subscriptions;
    @Inject
    NodeSecrets secrets;
    @Inject
    CascadeConfig config;

    private ExecutorService workers;
    private ExecutorService sealers;

    void start(@Observes StartupEvent start) {
        workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cascade-delivery");
            t.setDaemon(true);
            return t;
        });
        sealers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cascade-delivery-sealer");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent stop) {
        if (workers != null) {
            workers.shutdownNow();
            sealers.shutdownNow();
        }
    }

    void start(String exchangeId, GrantBody grant, SignedGrant signed) {
        workers.execute(() -> {
            try {
                run(exchangeId, grant, signed);
            } catch (SourceFailure e) {
                owner.failed(exchangeId, "the provider's source failed (" + e.reason() + "): " + e.getMessage()
                        + "; nothing was delivered");
            } catch (MaskingException e) {
                owner.failed(exchangeId, "masking failed: " + e.getMessage() + "; nothing was delivered");
            } catch (RuntimeException e) {
                LOG.errorf(e, "delivery of exchange %s failed", exchangeId);
                owner.failed(exchangeId, "delivery failed at the owner node: " + e.getMessage() + "; nothing was delivered");
            }
        });
    }

    private void run(String id, GrantBody grant, SignedGrant signed) {
        ExchangeRecord record = store.find(id, ExchangeRole.OWNER).orElseThrow();
        X509Certificate consumer;
        try {
            consumer = ExchangeWire.chain(ExchangeWire.split(record.requestChain())).get(0);
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ResourceDescriptor descriptor = policy.ownResource(record.resourceId()).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.NOT_CONFIGURED, "resource " + record.resourceId() + " was withdrawn"));
        List<String> columns = grant.getFieldsList().stream().map(GrantedField::getName).toList();
        RowSchema delivered = new RowSchema(columns);
        // An increment of a subscription reads only the rows changed since the subscription's mark.
        Optional<SubscriptionStore.Increment> increment = subscriptions.incrementOf(id, ExchangeRole.OWNER);
        try (RowSource source = increment.isPresent()
                ? sources.openSince(record.resourceId(), increment.get().markFrom()) : sources.open(record.resourceId())) {
            int[] from = new int[columns.size()];
            Masker[] maskers = masking.maskers(grant).values().toArray(new Masker[0]);
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i);
                from[i] = source.schema().indexOf(c).orElseThrow(() -> new SourceFailure(SourceFailure.Reason.SCHEMA_MISMATCH,
                        "the source has no column '" + c + "'"));
            }
            Watermarker watermark = new Watermarker(WatermarkKey.of(secrets.watermarkKey()), layout(descriptor, grant),
                    delivered, markId(id));
            ExchangeId exchange = new ExchangeId(id);
            DataKey key = DataKey.freshFor(consumer, exchange);
            try {
                Delivery.Builder started = Delivery.newBuilder()
                        .setWrappedKey(ByteString.copyFrom(key.wrapFor(consumer).bytes())).addAllColumns(columns);
                if (!owner.delivering(id, started.build(), signed)) {
                    return; // expired or failed meanwhile
                }
                Flow flow = flows.open(id, ExchangeRole.OWNER, node.region(), record.consumer(),
                        node.credentials().appCertificate());
                Totals totals = seal(source, from, maskers, watermark, key.sealer(), flow, grant.getRowLimit());
                if (source instanceof IncrementRows rows) {
                    // Recorded before the totals go out: the increment can close only after them.
                    subscriptions.sealed(id, rows.reached());
                }
                if (!owner.delivering(id, started.setChunkCount(totals.chunks).setRowCount(totals.rows)
                        .setContentDigest(ByteString.copyFrom(totals.digest)).setByteCount(totals.bytes).build(), signed)) {
                    // Ended while sealing (a directive halted it, or it expired): what was sealed goes.
                    purge.purge(id, "exchange ended while its delivery was being sealed");
                }
            } finally {
                key.destroy();
            }
        }
    }

    private record Totals(long chunks, long rows, byte[] digest, long bytes) {
    }

    /** A plaintext chunk between the row stage and the sealing stage; {@code rows < 0} ends the stream. */
    private record Plain(byte[] bytes, boolean last, long rows) {
    }

    /**
     * Two stages on two threads, so that both cores work on a large delivery: this thread reads,
     * masks, watermarks and serialises rows into chunk plaintexts; a sealing thread encrypts, signs
     * and spools them in order. The queue between them is short, so memory stays a few chunks.
     */
    private Totals seal(RowSource source, int[] from, Masker[] maskers, Watermarker watermark, ChunkSealer sealer,
                        Flow flow, long rowLimit) {
        BlockingQueue<Plain> queue = new ArrayBlockingQueue<>(4);
        CompletableFuture<Totals> sealed = CompletableFuture.supplyAsync(
                () -> sealAll(queue, sealer, flow), sealers);
        try {
            long rows = serialise(source, from, maskers, watermark, rowLimit, queue, sealed);
            Totals totals = sealed.join();
            return new Totals(totals.chunks(), rows, totals.digest(), totals.bytes());
        } catch (RuntimeException e) {
            sealed.cancel(true);
            queue.clear();
            queue.offer(new Plain(new byte[0], true, -1));
            throw e;
        }
    }

    private long serialise(RowSource source, int[] from, Masker[] maskers, Watermarker watermark, long rowLimit,
                           BlockingQueue<Plain> queue, CompletableFuture<Totals> sealing) {
        int chunkBytes = config.exchange().chunkBytes();
        ChunkRows.Writer writer = new ChunkRows.Writer(chunkBytes);
        byte[] held = null; // one plaintext held back: only the next one tells whether it is the last
        long rows = 0;
        List<String> values = new ArrayList<>(from.length);
        Optional<Row> next;
        while ((rowLimit == 0 || rows < rowLimit) && (next = source.next()).isPresent()) {
            Row row = next.get();
            values.clear();
            for (int i = 0; i < from.length; i++) {
                String v = row.get(from[i]);
                values.add(maskers[i] == null ? v : maskers[i].mask(v));
            }
            writer.add(watermark.embed(new Row(values)));
            rows++;
            if (writer.size() >= chunkBytes) {
                if (held != null) {
                    put(queue, new Plain(held, false, 0), sealing);
                }
                held = writer.take();
            }
        }
        byte[] rest = writer.take();
        if (held != null && rest.length > 0) {
            put(queue, new Plain(held, false, 0), sealing);
            held = rest;
        } else if (held == null) {
            held = rest;
        }
        put(queue, new Plain(held, true, rows), sealing);
        return rows;
    }

    private static void put(BlockingQueue<Plain> queue, Plain plain, CompletableFuture<Totals> sealing) {
        try {
            while (!queue.offer(plain, 100, TimeUnit.MILLISECONDS)) {
                if (sealing.isDone()) {
                    sealing.join(); // rethrows the sealing stage's failure
                    throw new IllegalStateException("the sealing stage stopped early");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("delivery interrupted", e);
        }
    }

    /** The sealing stage: chunks in order, each sealed, signed, spooled and pumped on; the digest is over the signatures. */
    private Totals sealAll(BlockingQueue<Plain> queue, ChunkSealer sealer, Flow flow) {
        SM3Digest digest = new SM3Digest();
        long chunks = 0;
        long bytes = 0;
        try {
            while (true) {
                Plain plain = queue.take();
                if (plain.rows() < 0) {
                    throw new IllegalStateException("delivery abandoned");
                }
                SealedChunk sealed = sealer.seal(plain.bytes(), plain.last());
                byte[] signature = ChunkSignatures.sign(node.credentials(), sealed);
                digest.update(signature, 0, signature.length);
                flow.spool().append(new SpooledChunk(sealed.index(), plain.last(), sealed.ciphertext(), signature));
                flows.sealed(flow);
                chunks++;
                bytes += sealed.ciphertext().length;
                if (plain.last()) {
                    byte[] out = new byte[32];
                    digest.doFinal(out, 0);
                    return new Totals(chunks, plain.rows(), out, bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sealing interrupted", e);
        }
    }

    /**
     * Carriers: revealed decimal and date-time fields. The row's identity: the first other
     * delivered field in the resource's own field order (decision 0019), where providers put the
     * record's key. One column rather than all of them, so that a copy with any other column
     * dropped can still be traced; a low-cardinality first field weakens the mark (fewer codeword
     * positions read) but never makes an accusation likelier to be false.
     */
    static WatermarkLayout layout(ResourceDescriptor descriptor, GrantBody grant) {
        Map<String, DataItem> items = new HashMap<>();
        descriptor.dataItems().forEach(i -> items.put(i.name(), i));
        Map<String, Carrier> carriers = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (GrantedField f : grant.getFieldsList()) {
            DataItem item = items.get(f.getName());
            Optional<Carrier> carrier = item == null || !"reveal".equals(f.getMask()) ? Optional.empty()
                    : Carrier.forFieldType(item.type());
            if (carrier.isPresent()) {
                carriers.put(f.getName(), carrier.get());
            } else {
                others.add(f.getName());
            }
        }
        String identity = descriptor.dataItems().stream().map(DataItem::name).filter(others::contains).findFirst()
                .orElse(others.isEmpty() ? null : others.get(0));
        return new WatermarkLayout(identity == null ? List.of() : List.of(identity), carriers, GAMMA);
    }

    /** The recipient's mark: the first 64 bits of SM3 over the exchange id (trace maps it back by the ledger). */
    static long markId(String exchangeId) {
        return ByteBuffer.wrap(ExchangeWire.sm3(exchangeId.getBytes(StandardCharsets.US_ASCII))).getLong();
    }
}
