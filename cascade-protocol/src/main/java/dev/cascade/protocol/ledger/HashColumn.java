package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only sequence of equal-length hashes. Hashes live in fixed chunks rather than one
 * growing array: appending never copies what is stored, and a million hashes never need one
 * 32 MB block. Not thread-safe.
 */
final class HashColumn {

    private static final int CHUNK_SHIFT = 14;
    private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;

    private final int hashLength;
    private final List<byte[]> chunks = new ArrayList<>();
    private long count;

    HashColumn(int hashLength) {
        this.hashLength = hashLength;
    }

    long count() {
        return count;
    }

    void add(byte[] value) {
        int offset = (int) (count & (CHUNK_HASHES - 1));
        if (offset == 0) {
            chunks.add(new byte[CHUNK_HASHES * hashLength]);
        }
        System.arraycopy(value, 0, chunks.get(chunks.size() - 1), offset * hashLength, hashLength);
        count++;
    }

    /** A copy of hash {@code index}, 0 ≤ index &lt; count. */
    byte[] get(long index) {
        byte[] chunk = chunks.get((int) (index >>> CHUNK_SHIFT));
        int from = (int) (index & (CHUNK_HASHES - 1)) * hashLength;
        return Arrays.copyOfRange(chunk, from, from + hashLength);
    }
}
