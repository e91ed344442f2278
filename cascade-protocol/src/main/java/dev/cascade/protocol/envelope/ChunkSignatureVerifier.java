package dev.cascade.protocol.envelope;

import dev.cascade.protocol.envelope.EnvelopeException.Reason;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.SignatureVerifier;
import java.util.Objects;

/**
 * Checks one owner's chunk signatures; from {@link ChunkSignatures#verifierFor}. Not thread-safe:
 * keep one per stream (it reuses BouncyCastle's SM2 verifier with the owner's Z value computed once).
 */
public final class ChunkSignatureVerifier {

    private final KeySuite suite;
    private final SignatureVerifier verifier;

    ChunkSignatureVerifier(KeySuite suite, SignatureVerifier verifier) {
        this.suite = suite;
        this.verifier = verifier;
    }

    /** False for a wrong, foreign or malformed signature; never throws on bad input. */
    public boolean verifies(SealedChunk chunk, byte[] signature) {
        Objects.requireNonNull(chunk, "chunk");
        return signature != null && verifier.verify(ChunkSignatures.signedBytes(suite, chunk), signature);
    }

    /** @throws EnvelopeException BAD_SIGNATURE when {@link #verifies} is false */
    public void check(SealedChunk chunk, byte[] signature) {
        if (!verifies(chunk, signature)) {
            throw new EnvelopeException(Reason.BAD_SIGNATURE, "chunk " + chunk.index() + " of exchange "
                    + chunk.exchange() + " is not signed by the owner's application key");
        }
    }
}
