package dev.cascade.node.exchange;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Signs this node's requests and updates in batches: one signature over the Merkle root of every
 * message waiting when the signer gets to them (see {@link ExchangeSignatures#sealAll}). Nothing
 * waits for a batch to fill: a lone message is signed at once as a batch of one, and under load the
 * messages that arrive while a batch is being signed make up the next one, so a signature (and each
 * hop's check of it) is shared by as many messages as the load brings.
 */
@ApplicationScoped
public class BatchSealer {

    private static final Logger LOG = Logger.getLogger(BatchSealer.class);
    /** Bounds a batch, and so the audit path each message carries (log2 of it, 32 bytes a level). */
    static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 30;

    @Inject
    LocalNode node;

    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private volatile Thread signer;

    private record Pending(ExchangeSignatures.Kind kind, byte[] body, CompletableFuture<byte[]> seal) {
    }

    /** The body's encoded batch seal, once the batch it joins is signed. */
    public byte[] seal(ExchangeSignatures.Kind kind, byte[] body) {
        Pending p = new Pending(kind, body, new CompletableFuture<>());
        startOnce();
        waiting.add(p);
        try {
            return p.seal().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the " + kind + " was being signed", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot sign the " + kind + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + kind + " was not signed within " + WAIT_SECONDS + " s", e);
        }
    }

    private void startOnce() {
        if (signer != null) {
            return;
        }
        synchronized (this) {
            if (signer == null) {
                Thread t = new Thread(this::run, "cascade-batch-sealer");
                t.setDaemon(true);
                t.start();
                signer = t;
            }
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        Thread t = signer;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, MAX_BATCH - 1);
            Map<ExchangeSignatures.Kind, List<Pending>> byKind = new EnumMap<>(ExchangeSignatures.Kind.class);
            for (Pending p : batch) {
                byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
            }
            byKind.forEach(this::sign);
            batch.clear();
        }
    }

    private void sign(ExchangeSignatures.Kind kind, List<Pending> batch) {
        try {
            List<byte[]> seals = ExchangeSignatures.sealAll(node.credentials(), kind,
                    batch.stream().map(Pending::body).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).seal().complete(seals.get(i));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "signing a batch of %d %s messages failed: %s", batch.size(), kind, e.getMessage());
            batch.forEach(p -> p.seal().completeExceptionally(e));
        }
    }
}
