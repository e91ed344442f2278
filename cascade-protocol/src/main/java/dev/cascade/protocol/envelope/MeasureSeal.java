package dev.cascade.protocol.envelope;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The ceiling for delivery throughput: BouncyCastle's raw single-thread SM4-GCM and AES-256-GCM
 * over the same bytes in the same chunk size, with the same GCM construction the envelope uses but
 * nothing else (no associated data, no allocation, no signatures). The delivery benchmark compares
 * end-to-end MB/s against these figures; {@code *_sealer_MBps} adds {@link ChunkSealer} alone, to
 * show what the envelope itself costs on top of the cipher.
 *
 * <p>Usage: {@code MeasureSeal [bytes [chunkBytes]]} (defaults 128 MiB, 1 MiB). Prints one JSON
 * object; MB is 10^6 bytes. Each figure is the median of {@value #RUNS} timed passes, after
 * untimed warm-up passes that let the JIT compile the cipher loops.
 */
public final class MeasureSeal {

    private static final int RUNS = 3;
    private static final int WARMUP_PASSES = 3;
    private static final long WARMUP_BYTES = 32L << 20;

    private MeasureSeal() {
    }

    public static void main(String[] args) throws InvalidCipherTextException {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 128L << 20;
        int chunkBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        if (bytes < 1 || chunkBytes < 1 || chunkBytes > ChunkFormat.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("usage: MeasureSeal [bytes >= 1 [chunkBytes 1.." + ChunkFormat.MAX_CHUNK_BYTES + "]]");
        }
        byte[] chunk = new byte[chunkBytes];
        new SecureRandom().nextBytes(chunk);

        double sm4Raw = median(() -> raw(DataSuite.SM4_128_GCM, chunk, bytes), DataSuite.SM4_128_GCM, chunk, bytes, true);
        double aesRaw = median(() -> raw(DataSuite.AES_256_GCM, chunk, bytes), DataSuite.AES_256_GCM, chunk, bytes, true);
        double sm4Sealer = median(() -> sealer(DataSuite.SM4_128_GCM, chunk, bytes), DataSuite.SM4_128_GCM, chunk, bytes, false);
        double aesSealer = median(() -> sealer(DataSuite.AES_256_GCM, chunk, bytes), DataSuite.AES_256_GCM, chunk, bytes, false);

        System.out.println(String.format(Locale.ROOT,
                "{\"sm4_gcm_raw_MBps\":%.1f,\"aes_gcm_raw_MBps\":%.1f,\"sm4_gcm_sealer_MBps\":%.1f,"
                        + "\"aes_gcm_sealer_MBps\":%.1f,\"bytes\":%d,\"chunk_bytes\":%d,\"runs\":%d}",
                sm4Raw, aesRaw, sm4Sealer, aesSealer, bytes, chunkBytes, RUNS));
    }

    @FunctionalInterface
    private interface Pass {
        long nanos() throws InvalidCipherTextException;
    }

    private static double median(Pass timed, DataSuite suite, byte[] chunk, long bytes, boolean raw)
            throws InvalidCipherTextException {
        long warmupBytes = Math.min(bytes, WARMUP_BYTES);
        for (int i = 0; i < WARMUP_PASSES; i++) {
            if (raw) {
                raw(suite, chunk, warmupBytes);
            } else {
                sealer(suite, chunk, warmupBytes);
            }
        }
        double[] mbps = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            mbps[i] = bytes / 1e6 / (timed.nanos() / 1e9);
        }
        Arrays.sort(mbps);
        return mbps[RUNS / 2];
    }

    /** One GCM instance keyed once, a counter nonce per chunk, output into one reused buffer. */
    private static long raw(DataSuite suite, byte[] chunk, long bytes) throws InvalidCipherTextException {
        byte[] key = new byte[suite.keyBytes()];
        new SecureRandom().nextBytes(key);
        byte[] out = new byte[chunk.length + DataSuite.TAG_BYTES];
        GCMModeCipher gcm = suite.newGcm();
        long start = System.nanoTime();
        long index = 0;
        for (long done = 0; done < bytes; done += chunk.length, index++) {
            int length = (int) Math.min(chunk.length, bytes - done);
            gcm.init(true, new AEADParameters(index == 0 ? new KeyParameter(key) : null, DataSuite.TAG_BYTES * 8,
                    ChunkFormat.nonce(index)));
            int n = gcm.processBytes(chunk, 0, length, out, 0);
            gcm.doFinal(out, n);
        }
        return System.nanoTime() - start;
    }

    /** The envelope's sealer over the same bytes: associated data, a new output array per chunk. */
    private static long sealer(DataSuite suite, byte[] chunk, long bytes) {
        byte[] key = new byte[suite.keyBytes()];
        new SecureRandom().nextBytes(key);
        DataKey dataKey = DataKey.ofBytes(suite, new ExchangeId("measure-seal"), key);
        ChunkSealer sealer = dataKey.sealer();
        long start = System.nanoTime();
        long sink = 0;
        for (long done = 0; done < bytes; done += chunk.length) {
            int length = (int) Math.min(chunk.length, bytes - done);
            sink += sealer.seal(chunk, 0, length, done + length >= bytes).ciphertext().length;
        }
        long nanos = System.nanoTime() - start;
        dataKey.destroy();
        if (sink != bytes + sealer.chunksSealed() * DataSuite.TAG_BYTES) {
            throw new IllegalStateException("sealer produced " + sink + " bytes for " + bytes);
        }
        return nanos;
    }
}
