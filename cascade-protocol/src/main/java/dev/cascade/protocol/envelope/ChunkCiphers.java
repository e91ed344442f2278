package dev.cascade.protocol.envelope;

import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** Lifecycle help for the GCM instances kept by sealers and openers. */
final class ChunkCiphers {

    private ChunkCiphers() {
    }

    /**
     * Re-keys a finished cipher with zeroes. BouncyCastle offers no way to erase a cipher, and its
     * expanded key schedule and GHASH table would otherwise hold the data key until collection;
     * overwriting them with those of an all-zero key is the closest thing.
     */
    static void wipe(GCMModeCipher gcm, DataSuite suite) {
        gcm.init(false, new AEADParameters(new KeyParameter(new byte[suite.keyBytes()]), DataSuite.TAG_BYTES * 8,
                new byte[DataSuite.NONCE_BYTES]));
    }
}
