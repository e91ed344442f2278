package dev.cascade.protocol.envelope;

import static dev.cascade.protocol.envelope.EnvelopeNodes.data;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * Pins the ciphers and the chunk format to answers computed outside the envelope's own code: the
 * GB/T 32907 SM4 vector, the published SM4-GCM vector, the JDK's own AES-GCM, and associated data
 * and nonces spelled out here byte by byte from the documented format.
 */
class EnvelopeKnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ExchangeId EXCHANGE = new ExchangeId("ex-kat-01");

    @Test
    void sm4_block_cipher_matches_the_gb_t_32907_example() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] block = key.clone();

        sm4.processBlock(block, 0, block, 0);

        assertThat(HEX.formatHex(block)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void the_sm4_gcm_construction_matches_the_published_sm4_gcm_vector() throws Exception {
        // The SM4-GCM example of RFC 8998 (ShangMi cipher suites for TLS 1.3).
        byte[] plain = HEX.parseHex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
                + "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa");
        GCMModeCipher gcm = DataSuite.SM4_128_GCM.newGcm();
        gcm.init(true, new AEADParameters(new KeyParameter(HEX.parseHex("0123456789abcdeffedcba9876543210")), 128,
                HEX.parseHex("00001234567800000000abcd"), HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2")));
        byte[] out = new byte[plain.length + 16];
        gcm.doFinal(out, gcm.processBytes(plain, 0, plain.length, out, 0));

        assertThat(HEX.formatHex(out)).isEqualTo(
                "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
                        + "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
                        + "83de3541e4c2b58177e065a9bf7b62ec");
    }

    @Test
    void sm4_chunks_are_sm4_counter_mode_under_the_data_key_and_the_index_nonce() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] plain = data(64, 11);
        ChunkSealer sealer = DataKey.ofBytes(DataSuite.SM4_128_GCM, EXCHANGE, key).sealer();
        sealer.seal(data(5, 1), false);
        SealedChunk second = sealer.seal(plain, true);

        // GCM's first data block is E_K(nonce ‖ 00000002): computed here with the bare SM4 block
        // cipher, independent of BouncyCastle's GCM, it proves the key is used as an SM4 key and
        // that chunk 1 runs under nonce 00000000 ‖ 0000000000000001.
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] counter = HEX.parseHex("000000000000000000000001" + "00000002");
        byte[] keystream = new byte[16];
        sm4.processBlock(counter, 0, keystream, 0);
        byte[] firstBlock = new byte[16];
        for (int i = 0; i < 16; i++) {
            firstBlock[i] = (byte) (second.ciphertext()[i] ^ keystream[i]);
        }

        assertThat(firstBlock).isEqualTo(Arrays.copyOf(plain, 16));
    }

    @Test
    void sm4_chunks_carry_the_documented_nonce_and_associated_data() throws Exception {
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] plain = data(1000, 12);
        ChunkSealer sealer = DataKey.ofBytes(DataSuite.SM4_128_GCM, EXCHANGE, key).sealer();
        sealer.seal(data(5, 1), false);
        sealer.seal(data(5, 2), false);
        SealedChunk third = sealer.seal(plain, true);

        GCMModeCipher gcm = DataSuite.SM4_128_GCM.newGcm();
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce(2), aad(EXCHANGE, 2, true)));
        byte[] expected = new byte[plain.length + 16];
        gcm.doFinal(expected, gcm.processBytes(plain, 0, plain.length, expected, 0));

        assertThat(third.ciphertext()).isEqualTo(expected);
    }

    @Test
    void aes_chunks_match_the_jdks_own_aes_gcm_with_the_documented_nonce_and_associated_data() throws Exception {
        byte[] key = data(32, 13);
        byte[] plain = data(70_000, 14);
        ChunkSealer sealer = DataKey.ofBytes(DataSuite.AES_256_GCM, EXCHANGE, key).sealer();
        SealedChunk first = sealer.seal(plain, false);
        SealedChunk second = sealer.seal(plain, true);

        assertThat(first.ciphertext()).isEqualTo(jdkAesGcm(key, 0, false, plain));
        assertThat(second.ciphertext()).isEqualTo(jdkAesGcm(key, 1, true, plain));
    }

    private static byte[] jdkAesGcm(byte[] key, long index, boolean last, byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding"); // SunJCE: not BouncyCastle's code
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce(index)));
        cipher.updateAAD(aad(EXCHANGE, index, last));
        return cipher.doFinal(plain);
    }

    private static byte[] nonce(long index) {
        return ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    }

    private static byte[] aad(ExchangeId exchange, long index, boolean last) {
        ByteArrayOutputStream aad = new ByteArrayOutputStream();
        aad.writeBytes("cascade.envelope.chunk.v1".getBytes(StandardCharsets.US_ASCII));
        aad.write(0);
        byte[] id = exchange.value().getBytes(StandardCharsets.UTF_8);
        aad.writeBytes(ByteBuffer.allocate(2).putShort((short) id.length).array());
        aad.writeBytes(id);
        aad.writeBytes(ByteBuffer.allocate(8).putLong(index).array());
        aad.write(last ? 1 : 0);
        return aad.toByteArray();
    }
}
