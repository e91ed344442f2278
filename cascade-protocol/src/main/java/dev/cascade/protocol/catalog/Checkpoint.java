package dev.cascade.protocol.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.crypto.digests.SM3Digest;

import dev.cascade.protocol.region.RegionCode;

/**
 * An origin's signed statement of exactly which changes carry its numbers {@code firstSeq …
 * lastSeq()}: one digest per change over its body and signature. A receiver that verified the
 * checkpoint's one signature accepts each covered change by its digest instead of verifying the
 * change's own signature — after an outage that turns thousands of SM2 verifications per hop into
 * one. Changes keep their own signatures, so anyone without the checkpoint still verifies them.
 *
 * @param changeDigests {@link #changeDigest} of the changes numbered firstSeq, firstSeq + 1, …
 */
public record Checkpoint(RegionCode origin, long firstSeq, List<byte[]> changeDigests) {

    /** Prefixed to a checkpoint's bytes before signing: no change body starts with it. */
    static final byte[] CONTEXT = "cascade.catalog.checkpoint.v1\0".getBytes(StandardCharsets.US_ASCII);
    public static final int DIGEST_BYTES = 32;

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (firstSeq < 1) {
            throw new IllegalArgumentException("a checkpoint starts at change 1 or later, not " + firstSeq);
        }
        if (changeDigests == null || changeDigests.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint covers at least one change");
        }
        List<byte[]> copies = new ArrayList<>(changeDigests.size());
        for (byte[] d : changeDigests) {
            if (d == null || d.length != DIGEST_BYTES) {
                throw new IllegalArgumentException("change digests are " + DIGEST_BYTES + "-byte SM3 digests");
            }
            copies.add(d.clone());
        }
        changeDigests = List.copyOf(copies);
    }

    public long lastSeq() {
        return firstSeq + changeDigests.size() - 1;
    }

    public boolean covers(long seq) {
        return seq >= firstSeq && seq <= lastSeq();
    }

    /** True when this checkpoint names exactly this body and signature as change {@code seq}. */
    public boolean vouchesFor(long seq, byte[] body, byte[] signature) {
        return vouchesFor(seq, changeDigest(body, signature));
    }

    /** As {@link #vouchesFor(long, byte[], byte[])}, for a caller that already holds the change's {@link #changeDigest}. */
    public boolean vouchesFor(long seq, byte[] changeDigest) {
        return covers(seq) && Arrays.equals(changeDigests.get((int) (seq - firstSeq)), changeDigest);
    }

    /** SM3 over the body's length (4 bytes, big-endian), the body, then the signature. */
    public static byte[] changeDigest(byte[] body, byte[] signature) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(ByteBuffer.allocate(4).putInt(body.length).array(), 0, 4);
        sm3.update(body, 0, body.length);
        sm3.update(signature, 0, signature.length);
        byte[] out = new byte[DIGEST_BYTES];
        sm3.doFinal(out, 0);
        return out;
    }

    static byte[] signedBytes(byte[] encodedCheckpoint) {
        Objects.requireNonNull(encodedCheckpoint, "encodedCheckpoint");
        byte[] signed = Arrays.copyOf(CONTEXT, CONTEXT.length + encodedCheckpoint.length);
        System.arraycopy(encodedCheckpoint, 0, signed, CONTEXT.length, encodedCheckpoint.length);
        return signed;
    }
}
