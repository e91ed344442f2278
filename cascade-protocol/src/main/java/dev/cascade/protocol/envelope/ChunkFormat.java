package dev.cascade.protocol.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Nonces, associated data and limits shared by {@link ChunkSealer} and {@link ChunkOpener}. */
final class ChunkFormat {

    /** Opens every chunk's associated data, so chunk ciphertexts cannot pass for any other GCM use. */
    private static final byte[] AAD_CONTEXT = "cascade.envelope.chunk.v1\0".getBytes(StandardCharsets.US_ASCII);

    /** 16 MiB of plaintext per chunk: far above the few MB we send, far below GCM's 64 GiB limit. */
    static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;
    /**
     * 2^32 chunks per exchange. The nonce could count to 2^64, but GCM's bounds are per key and
     * 2^32 messages is where NIST SP 800-38D stops counting; at a few MB per chunk it is petabytes.
     */
    static final long MAX_CHUNKS = 1L << 32;

    private ChunkFormat() {
    }

    /**
     * 4 zero bytes, then the index as 8 bytes big-endian. A counter nonce is safe here because the
     * data key is fresh for each exchange and only one sealer ever uses it (DataKey hands out one),
     * and that sealer never repeats an index — so no (key, nonce) pair occurs twice, which is GCM's
     * one requirement. Random nonces would add nothing and cost the index binding they give for free.
     */
    static byte[] nonce(long index) {
        return ByteBuffer.allocate(DataSuite.NONCE_BYTES).putInt(0).putLong(index).array();
    }

    /** Context, then the exchange id (length-prefixed), leaving room for index and final flag. */
    static byte[] aadTemplate(ExchangeId exchange) {
        byte[] id = exchange.encoded();
        byte[] aad = Arrays.copyOf(AAD_CONTEXT, AAD_CONTEXT.length + id.length + Long.BYTES + 1);
        System.arraycopy(id, 0, aad, AAD_CONTEXT.length, id.length);
        return aad;
    }

    /** Fills index (8 bytes, big-endian) and final flag (1 or 0) into the tail of a template, in place. */
    static byte[] aad(byte[] template, long index, boolean last) {
        int at = template.length - Long.BYTES - 1;
        for (int i = 0; i < Long.BYTES; i++) {
            template[at + i] = (byte) (index >>> (56 - 8 * i));
        }
        template[template.length - 1] = (byte) (last ? 1 : 0);
        return template;
    }
}
