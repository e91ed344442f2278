package dev.cascade.protocol.exchange;

import dev.cascade.protocol.ledger.LedgerHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What proves that one message of a signed batch was signed: its position in the batch's Merkle
 * tree, the audit path to the root, and the one signature over that root. A node signing many
 * messages at once signs once; every hop checks the signature once per batch and then each
 * message's path, which costs a few hashes.
 *
 * <p>Encoding (docs/protocols/exchange.md, "Batch seals"): version 0x01, the hash's code (1 byte), index and
 * size (4 bytes each, big-endian), the number of path hashes (1 byte), the path hashes (32 bytes
 * each, leaf to root), then the signature to the end.
 *
 * @param index position of the message in the batch, from 0
 * @param size  messages in the batch, at least 1
 * @param path  the RFC 9162 audit path of the message's leaf
 */
public record BatchSeal(LedgerHash hash, long index, long size, List<byte[]> path, byte[] signature) {

    private static final byte VERSION = 1;
    private static final int HASH = 32;
    /** A batch of at most 2^32 - 1 messages needs at most 32 path hashes. */
    private static final int MAX_PATH = 32;

    public BatchSeal {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signature, "signature");
        path = List.copyOf(path);
        if (size < 1 || size > 0xFFFF_FFFFL || index < 0 || index >= size || path.size() > MAX_PATH) {
            throw new IllegalArgumentException("no batch of " + size + " messages has a message " + index
                    + " with a path of " + path.size());
        }
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(11 + path.size() * HASH + signature.length);
        out.put(VERSION).put((byte) hash.code()).putInt((int) index).putInt((int) size).put((byte) path.size());
        path.forEach(out::put);
        out.put(signature);
        return out.array();
    }

    /** The seal in {@code bytes}, or empty when they are not one (wrong version, hash, lengths or numbers). */
    public static Optional<BatchSeal> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 12 || bytes[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        LedgerHash hash;
        try {
            hash = LedgerHash.ofCode(in.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long index = Integer.toUnsignedLong(in.getInt());
        long size = Integer.toUnsignedLong(in.getInt());
        int n = Byte.toUnsignedInt(in.get());
        if (n > MAX_PATH || in.remaining() <= n * HASH || size < 1 || index >= size) {
            return Optional.empty();
        }
        List<byte[]> path = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[HASH];
            in.get(h);
            path.add(h);
        }
        byte[] signature = new byte[in.remaining()];
        in.get(signature);
        return Optional.of(new BatchSeal(hash, index, size, path, signature));
    }
}
