package dev.cascade.protocol.envelope;

import dev.cascade.protocol.trust.CertificateProfiles;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The owner node's signature on each sealed chunk, with its application key (SM3withSM2 or
 * SHA256withECDSA, from the key). GCM already stops anyone without the data key from altering a
 * chunk; the signature adds who made it — the consumer holds the data key too, so only the owner's
 * signature proves the owner produced these bytes, and intermediate nodes can check a stream's
 * origin without being able to read it.
 *
 * <p>What is signed: {@code "cascade.envelope.chunk-signature.v1\0"} followed by a digest (SM3 for
 * a GM owner, SHA-256 for INTL) over the length-prefixed exchange id, the index (8 bytes), the
 * final flag (1 byte) and the ciphertext with its tag. The context prefix keeps a chunk signature
 * from passing for any other Cascade signature made with the same key. Checkpoints sign under
 * their own prefix ({@code cascade.catalog.checkpoint.v1\0}). The unprefixed signed objects cannot
 * be 35 ASCII bytes, a NUL and 32 digest bytes: policy packs are YAML, which admits no NUL, and
 * catalog change bodies are protobuf, where the prefix's 11th byte is a tag of wire type 6, which
 * does not exist, so every protobuf parser refuses it (checked with protobuf-java's UnknownFieldSet).
 */
public final class ChunkSignatures {

    static final byte[] CONTEXT = "cascade.envelope.chunk-signature.v1\0".getBytes(StandardCharsets.US_ASCII);

    private ChunkSignatures() {
    }

    /** Signs a chunk as the owner node; the private key stays in trust. */
    public static byte[] sign(NodeCredentials owner, SealedChunk chunk) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(chunk, "chunk");
        return Signatures.signAsNode(owner, signedBytes(owner.suite(), chunk));
    }

    /**
     * A verifier for one owner's chunks. The caller must have validated the owner's certificate chain
     * (and that it names the exchange's owner); this checks signatures, not identities.
     *
     * @throws IllegalArgumentException for a TLS certificate or a key that is neither SM2 nor P-256
     */
    public static ChunkSignatureVerifier verifierFor(X509Certificate ownerAppCertificate) {
        Objects.requireNonNull(ownerAppCertificate, "ownerAppCertificate");
        if (CertificateProfiles.isTlsLeaf(ownerAppCertificate)) {
            // Key separation, as for catalog changes: a TLS key must not author data either.
            throw new IllegalArgumentException("chunks are signed with the owner's application certificate, not its TLS one");
        }
        KeySuite suite = KeySuite.of(ownerAppCertificate.getPublicKey());
        return new ChunkSignatureVerifier(suite, Signatures.verifierFor(ownerAppCertificate.getPublicKey()));
    }

    static byte[] signedBytes(KeySuite suite, SealedChunk chunk) {
        Digest digest = switch (suite) {
            case GM -> new SM3Digest();
            case INTL -> new SHA256Digest();
        };
        byte[] id = chunk.exchange().encoded();
        digest.update(id, 0, id.length);
        long index = chunk.index();
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (index >>> shift));
        }
        digest.update((byte) (chunk.last() ? 1 : 0));
        digest.update(chunk.ciphertext(), 0, chunk.ciphertext().length);
        byte[] signed = Arrays.copyOf(CONTEXT, CONTEXT.length + digest.getDigestSize());
        digest.doFinal(signed, CONTEXT.length);
        return signed;
    }
}
