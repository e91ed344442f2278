package dev.cascade.protocol.envelope;

import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Real node credentials per suite (made once, they cost SM2/P-256 key generation) and stream helpers. */
final class EnvelopeNodes {

    /** An owner, the consumer it delivers to, and a third node that must not be able to read or sign. */
    record Trio(NodeCredentials owner, NodeCredentials consumer, NodeCredentials stranger) {
    }

    private static final Map<KeySuite, Trio> TRIOS = new EnumMap<>(KeySuite.class);

    private EnvelopeNodes() {
    }

    static synchronized Trio of(KeySuite suite) {
        return TRIOS.computeIfAbsent(suite, s -> new Trio(node(s), node(s), node(s)));
    }

    private static NodeCredentials node(KeySuite suite) {
        return CertificateAuthority.initNational(suite, Clock.systemUTC());
    }

    /** Deterministic pseudo-random bytes, so a failure reproduces. */
    static byte[] data(int length, long seed) {
        byte[] out = new byte[length];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** Seals {@code data} in chunks of {@code chunkBytes}; an exact multiple ends with an empty final chunk. */
    static List<SealedChunk> sealAll(DataKey key, byte[] data, int chunkBytes) {
        ChunkSealer sealer = key.sealer();
        List<SealedChunk> chunks = new ArrayList<>();
        int offset = 0;
        while (data.length - offset > chunkBytes) {
            chunks.add(sealer.seal(data, offset, chunkBytes, false));
            offset += chunkBytes;
        }
        if (data.length - offset == chunkBytes) {
            chunks.add(sealer.seal(data, offset, chunkBytes, false));
            offset += chunkBytes;
        }
        chunks.add(sealer.seal(data, offset, data.length - offset, true));
        return chunks;
    }

    static byte[] openAll(ChunkOpener opener, List<SealedChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SealedChunk chunk : chunks) {
            out.writeBytes(opener.open(chunk));
        }
        opener.finish();
        return out.toByteArray();
    }

    static SealedChunk withCiphertext(SealedChunk chunk, byte[] ciphertext) {
        return new SealedChunk(chunk.exchange(), chunk.index(), chunk.last(), ciphertext);
    }

    static SealedChunk flipBit(SealedChunk chunk, int byteIndex) {
        byte[] ct = chunk.ciphertext().clone();
        ct[byteIndex] ^= 0x01;
        return withCiphertext(chunk, ct);
    }
}
