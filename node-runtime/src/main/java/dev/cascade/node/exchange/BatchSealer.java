package dev.cascade.node.exchange;

import dev.cascade.node.batching.Combiner;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Signs this node's requests and updates in batches: one signature over the Merkle root of every
 * message of a kind that gathered while the previous batch was being signed (see
 * {@link ExchangeSignatures#sealAll} and {@link Combiner}). A lone message is signed at once, by
 * its caller, as a batch of one; under load a signature (and each hop's check of it) is shared by
 * as many messages as the load brings.
 */
@ApplicationScoped
public class BatchSealer {

    /** Bounds a batch, and so the audit path each message carries (log2 of it, 32 bytes a level). */
    static final int MAX_BATCH = 512;

    @Inject
    LocalNode node;

    private record Unsigned(ExchangeSignatures.Kind kind, byte[] body) {
    }

    private final Combiner<Unsigned, byte[]> combiner = new Combiner<>(MAX_BATCH, Duration.ofSeconds(30), this::sign);

    /** The body's encoded batch seal, once the batch it joins is signed. */
    public byte[] seal(ExchangeSignatures.Kind kind, byte[] body) {
        return combiner.submit(new Unsigned(kind, body));
    }

    private void sign(List<Combiner.Pending<Unsigned, byte[]>> batch) {
        Map<ExchangeSignatures.Kind, List<Combiner.Pending<Unsigned, byte[]>>> byKind =
                new EnumMap<>(ExchangeSignatures.Kind.class);
        for (var p : batch) {
            byKind.computeIfAbsent(p.item().kind(), k -> new ArrayList<>()).add(p);
        }
        byKind.forEach((kind, messages) -> {
            List<byte[]> seals = ExchangeSignatures.sealAll(node.credentials(), kind,
                    messages.stream().map(p -> p.item().body()).toList());
            for (int i = 0; i < messages.size(); i++) {
                messages.get(i).complete(seals.get(i));
            }
        });
    }
}
