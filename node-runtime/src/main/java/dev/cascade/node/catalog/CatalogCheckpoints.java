package dev.cascade.node.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.catalog.v1.SignedCheckpoint;
import dev.cascade.protocol.catalog.ChangeSignature;
import dev.cascade.protocol.catalog.Checkpoint;
import dev.cascade.protocol.region.RegionCode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checkpoints this node made for its own changes or verified from a peer, kept in memory so that
 * covered changes are accepted by digest and the checkpoints are passed on with them. Losing them
 * (a restart) costs speed, never safety: uncovered changes are verified one by one.
 */
@ApplicationScoped
public class CatalogCheckpoints {

    /** Fewer changes than this are not worth a signature. */
    static final int MIN_RUN = 16;
    /** Longest run a checkpoint may cover (a feeder reads 500 changes at a time). */
    static final int MAX_RUN = 1000;
    /** ~16 KB each at 500 changes: a few MB at most. */
    private static final int MAX_KEPT = 256;

    @Inject
    LocalNode node;

    /** A verified checkpoint with the wire form it travels in. */
    record Known(Checkpoint checkpoint, SignedCheckpoint wire) {
        String key() {
            return checkpoint.origin().code() + "/" + checkpoint.firstSeq() + "-" + checkpoint.lastSeq();
        }
    }

    /** Per origin, by first number; plus arrival order for eviction. */
    private final Map<RegionCode, TreeMap<Long, Known>> byOrigin = new HashMap<>();
    private final ArrayDeque<Known> arrival = new ArrayDeque<>();

    /**
     * Signs a checkpoint over a run of this node's own stored changes, consecutive and under one
     * chain; empty when the run is too short or not such a run.
     */
    Optional<Known> signOwn(List<CatalogFeedStore.StoredChange> run) {
        if (run.size() < MIN_RUN) {
            return Optional.empty();
        }
        ByteString chain = run.get(0).chainDigest();
        List<byte[]> digests = new ArrayList<>(run.size());
        long expected = run.get(0).seq();
        for (CatalogFeedStore.StoredChange c : run) {
            if (c.seq() != expected++ || !c.chainDigest().equals(chain)) {
                return Optional.empty();
            }
            digests.add(Checkpoint.changeDigest(c.body(), c.signature()));
        }
        Checkpoint checkpoint = new Checkpoint(node.region(), run.get(0).seq(), digests);
        byte[] body = CatalogWire.checkpointBody(checkpoint);
        Known made = new Known(checkpoint, SignedCheckpoint.newBuilder()
                .setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(ChangeSignature.signCheckpoint(node.credentials(), body)))
                .setOriginChainDigest(chain)
                .build());
        remember(made);
        return Optional.of(made);
    }

    void remember(Known known) {
        synchronized (byOrigin) {
            Known replaced = byOrigin.computeIfAbsent(known.checkpoint().origin(), o -> new TreeMap<>())
                    .put(known.checkpoint().firstSeq(), known);
            if (replaced != null) {
                arrival.remove(replaced);
            }
            arrival.addLast(known);
            if (arrival.size() > MAX_KEPT) {
                Known eldest = arrival.removeFirst();
                TreeMap<Long, Known> runs = byOrigin.get(eldest.checkpoint().origin());
                runs.remove(eldest.checkpoint().firstSeq(), eldest);
                if (runs.isEmpty()) {
                    byOrigin.remove(eldest.checkpoint().origin());
                }
            }
        }
    }

    /** Kept checkpoints of {@code origin} that cover any number in {@code first … last}, in order. */
    List<Known> overlapping(RegionCode origin, long first, long last) {
        synchronized (byOrigin) {
            TreeMap<Long, Known> runs = byOrigin.get(origin);
            if (runs == null) {
                return List.of();
            }
            List<Known> out = new ArrayList<>();
            for (Known k : runs.headMap(last, true).values()) {
                if (k.checkpoint().lastSeq() >= first) {
                    out.add(k);
                }
            }
            return out;
        }
    }

    /** True when a kept checkpoint, made under {@code chainDigest}, names exactly this change ({@link Checkpoint#changeDigest}). */
    boolean vouchFor(RegionCode origin, long seq, byte[] changeDigest, ByteString chainDigest) {
        List<Known> candidates = new ArrayList<>(2);
        synchronized (byOrigin) {
            TreeMap<Long, Known> runs = byOrigin.get(origin);
            if (runs == null) {
                return false;
            }
            // Runs are at most MAX_RUN long: only those starting within MAX_RUN below seq can cover it.
            for (Known k : runs.subMap(seq - MAX_RUN, false, seq, true).descendingMap().values()) {
                if (k.checkpoint().covers(seq)) {
                    candidates.add(k);
                }
            }
        }
        for (Known k : candidates) {
            if (k.wire().getOriginChainDigest().equals(chainDigest) && k.checkpoint().vouchesFor(seq, changeDigest)) {
                return true;
            }
        }
        return false;
    }
}
