package dev.cascade.node.exchange.owner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.catalog.ResourceJson;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.ExchangeStore.SealedDelivery;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.watermark.LeakTrace;
import dev.cascade.protocol.watermark.WatermarkLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The watermarks this owner put into its deliveries, rebuilt from what it keeps: each sealed
 * delivery's grant (in its newest signed update) and the resource's descriptor give the layout
 * exactly as {@link DeliveryPipeline} derived it, and the exchange id gives the mark. Nothing about
 * a mark is stored, so nothing extra can leak or drift from what was embedded.
 */
@ApplicationScoped
public class DeliveredMarks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    CatalogDescriptors catalog;

    /** One sealed delivery: to whom, of what, when. */
    public record Delivered(String exchangeId, String resourceId, String consumerRegion, String consumerDept,
                            Long rows, Instant requestedAt) {
    }

    /** What {@link #candidates} found: the deliveries whose mark can be tested, and how many could not be rebuilt. */
    public record Candidates(List<LeakTrace.Candidate<Delivered>> marks, int unrebuildable) {
        public Candidates {
            marks = List.copyOf(marks);
        }
    }

    /**
     * Every delivery this owner sealed, with its mark and layout. A delivery whose grant cannot be
     * read, whose resource this node no longer has at all, or whose fields leave no identity or no
     * carrier column (it carried no mark) is counted, not returned.
     */
    public Candidates candidates() {
        Map<String, Optional<ResourceDescriptor>> descriptors = new HashMap<>();
        List<LeakTrace.Candidate<Delivered>> marks = new ArrayList<>();
        int unrebuildable = 0;
        for (SealedDelivery r : store.sealedDeliveries()) {
            Optional<WatermarkLayout> layout = descriptors.computeIfAbsent(r.resourceId(), this::descriptor)
                    .flatMap(d -> grant(r).flatMap(g -> layout(d, g)));
            if (layout.isEmpty()) {
                unrebuildable++;
                continue;
            }
            marks.add(new LeakTrace.Candidate<>(new Delivered(r.id(), r.resourceId(), r.consumer().code(), r.consumerDept(),
                    r.rowCount(), r.requestedAt()), DeliveryPipeline.markId(r.id()), layout.get()));
        }
        return new Candidates(marks, unrebuildable);
    }

    private Optional<ResourceDescriptor> descriptor(String resourceId) {
        return catalog.lastRegistered(node.region().code(), resourceId).await().atMost(CATALOG_WAIT).flatMap(entry -> {
            try {
                return Optional.ofNullable(ResourceJson.read(JSON.readTree(entry.descriptorJson()), resourceId).descriptor());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<GrantBody> grant(SealedDelivery r) {
        try {
            UpdateBody update = ExchangeWire.update(ByteString.copyFrom(r.updateBody()));
            return update.hasGrant() ? Optional.of(ExchangeWire.grant(update.getGrant().getBody())) : Optional.empty();
        } catch (ExchangeWire.Malformed e) {
            return Optional.empty();
        }
    }

    private static Optional<WatermarkLayout> layout(ResourceDescriptor descriptor, GrantBody grant) {
        try {
            return Optional.of(DeliveryPipeline.layout(descriptor, grant));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // no identity or no carrier column: the delivery carried no mark
        }
    }
}
