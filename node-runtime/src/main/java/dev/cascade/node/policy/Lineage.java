package dev.cascade.node.policy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.proto.tier.v1.PolicyLineage;

/**
 * Signed packs from national down, one per issuing tier: what a parent sends its children, and
 * what a node enforces (its ancestors' lineage plus its own pack). Its digest is what heartbeats
 * compare, so it covers the exact bytes of every pack and signature, in order.
 */
public record Lineage(List<SignedPack> packs) {

    public static final Lineage EMPTY = new Lineage(List.of());

    public Lineage {
        packs = List.copyOf(packs);
    }

    public boolean isEmpty() {
        return packs.isEmpty();
    }

    public List<PolicyPack> policyPacks() {
        return packs.stream().map(SignedPack::pack).toList();
    }

    /** This lineage with {@code pack} below it. */
    public Lineage with(SignedPack pack) {
        List<SignedPack> out = new ArrayList<>(packs);
        out.add(pack);
        return new Lineage(out);
    }

    /** Hex SHA-256 over every pack's bytes and signature file, in order; empty for an empty lineage. */
    public String digest() {
        return digestOf(packs.stream().map(p -> new byte[][] {p.body(), p.signature()}).toList());
    }

    /** The digest of a lineage as it arrived, before anything in it is trusted. */
    static String digestOf(PolicyLineage wire) {
        return digestOf(wire.getPacksList().stream()
                .map(p -> new byte[][] {p.getPack().toByteArray(), p.getSignature().toByteArray()}).toList());
    }

    private static String digestOf(List<byte[][]> packs) {
        if (packs.isEmpty()) {
            return "";
        }
        MessageDigest sha = sha256();
        for (byte[][] pack : packs) {
            for (byte[] part : pack) {
                // Length-prefixed, so that no two different lineages concatenate to the same input.
                sha.update(ByteBuffer.allocate(Long.BYTES).putLong(part.length).array());
                sha.update(part);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public PolicyLineage toWire() {
        PolicyLineage.Builder wire = PolicyLineage.newBuilder();
        packs.stream().map(SignedPack::toWire).forEach(wire::addPacks);
        return wire.build();
    }

    /** For operators and logs: {@code national-baseline v1 (100000) + guangdong-example v2 (440000)}. */
    public String describe() {
        return packs.isEmpty() ? "no pack" : packs.stream().map(SignedPack::toString).collect(Collectors.joining(" + "));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
