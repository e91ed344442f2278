package dev.cascade.protocol.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A ledger's statement of its state: the root of its first {@code size} leaves at a moment, under
 * the log's hash function. Signed, it commits the node to that history (see {@link TreeHeadSignatures}).
 *
 * <p>Canonical encoding ({@link #encoded()}), 50 bytes, every field fixed-width and big-endian so
 * no two heads share an encoding:
 * <pre>
 *   offset  length  field
 *        0       1  format version, 1
 *        1       1  hash function code ({@link LedgerHash#code()}: SM3 = 1, SHA-256 = 2)
 *        2       8  size, unsigned
 *       10       8  timestampMillis, milliseconds since 1970-01-01T00:00Z, non-negative
 *       18      32  rootHash
 * </pre>
 * The hash function is inside the signed bytes so a head cannot be replayed as the same root
 * under the other function.
 */
public record TreeHead(long size, byte[] rootHash, long timestampMillis, LedgerHash hash) {

    private static final int VERSION = 1;
    private static final int HEADER = 1 + 1 + 8 + 8;

    public TreeHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(rootHash, "rootHash");
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("negative timestamp " + timestampMillis);
        }
        if (rootHash.length != hash.length()) {
            throw new IllegalArgumentException("a " + hash + " root has " + hash.length() + " bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The canonical bytes described above; what {@link TreeHeadSignatures} signs, behind its context prefix. */
    public byte[] encoded() {
        return ByteBuffer.allocate(HEADER + rootHash.length)
                .put((byte) VERSION)
                .put((byte) hash.code())
                .putLong(size)
                .putLong(timestampMillis)
                .put(rootHash)
                .array();
    }

    /** @throws IllegalArgumentException for bytes that are not exactly one encoded head */
    public static TreeHead decode(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length < HEADER) {
            throw new IllegalArgumentException("a tree head has at least " + HEADER + " bytes, not " + encoded.length);
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown tree head version " + version);
        }
        LedgerHash hash = LedgerHash.ofCode(in.get() & 0xff);
        long size = in.getLong();
        long timestamp = in.getLong();
        if (in.remaining() != hash.length()) {
            throw new IllegalArgumentException("a " + hash + " tree head has " + (HEADER + hash.length())
                    + " bytes, not " + encoded.length);
        }
        byte[] root = new byte[hash.length()];
        in.get(root);
        return new TreeHead(size, root, timestamp, hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeHead that
                && size == that.size
                && timestampMillis == that.timestampMillis
                && hash == that.hash
                && Arrays.equals(rootHash, that.rootHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, timestampMillis, hash, Arrays.hashCode(rootHash));
    }

    @Override
    public String toString() {
        return "TreeHead[size=" + size + ", root=" + HexFormat.of().formatHex(rootHash)
                + ", timestampMillis=" + timestampMillis + ", hash=" + hash + "]";
    }
}
