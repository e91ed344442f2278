package dev.cascade.protocol.catalog;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.Signatures;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * End-to-end authenticity of catalog changes. A change crosses several hops, and each hop's mutual
 * TLS proves only who relayed it; the origin's signature over the serialized body, checked against
 * the origin's own certificate chain, proves who made it.
 */
public final class ChangeSignature {

    private ChangeSignature() {
    }

    /** Signs the serialized change body with the origin's application key (SM3withSM2 or SHA256withECDSA). */
    public static byte[] sign(NodeCredentials origin, byte[] body) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(body, "body");
        return Signatures.signAsNode(origin, body);
    }

    /**
     * @param originChain   the origin's application certificate first, then its CA chain (root optional)
     * @param claimedOrigin the origin named inside the body
     */
    public static ChangeCheck verify(byte[] body, byte[] signature, List<X509Certificate> originChain,
                                     RegionCode claimedOrigin, ChainValidator validator) {
        return verify(body, signature, originChain, claimedOrigin, validator,
                leaf -> Signatures.verifierFor(leaf.getPublicKey()));
    }

    /**
     * As above, with the verifier for the leaf's key supplied by the caller: one kept per thread and
     * signer saves work when thousands of changes of one origin are relayed.
     */
    public static ChangeCheck verify(byte[] body, byte[] signature, List<X509Certificate> originChain,
                                     RegionCode claimedOrigin, ChainValidator validator,
                                     Function<X509Certificate, SignatureVerifier> verifierOf) {
        return verifySigned(body, signature, originChain, claimedOrigin, validator, verifierOf, "change");
    }

    /**
     * Signs a checkpoint: the origin's statement of the exact changes in a run of its numbers. The
     * context prefix keeps a checkpoint signature from ever passing for a change signature.
     */
    public static byte[] signCheckpoint(NodeCredentials origin, byte[] encodedCheckpoint) {
        Objects.requireNonNull(origin, "origin");
        return Signatures.signAsNode(origin, Checkpoint.signedBytes(encodedCheckpoint));
    }

    /** As {@link #verify}, for a checkpoint's encoded bytes signed with {@link #signCheckpoint}. */
    public static ChangeCheck verifyCheckpoint(byte[] encodedCheckpoint, byte[] signature, List<X509Certificate> originChain,
                                               RegionCode claimedOrigin, ChainValidator validator,
                                               Function<X509Certificate, SignatureVerifier> verifierOf) {
        return verifySigned(Checkpoint.signedBytes(encodedCheckpoint), signature, originChain, claimedOrigin, validator,
                verifierOf, "checkpoint");
    }

    private static ChangeCheck verifySigned(byte[] signed, byte[] signature, List<X509Certificate> originChain,
                                            RegionCode claimedOrigin, ChainValidator validator,
                                            Function<X509Certificate, SignatureVerifier> verifierOf,
                                            String what) {
        Authorship.Check check = Authorship.verify(signed, signature, originChain, claimedOrigin, validator, verifierOf, what);
        if (check instanceof Authorship.Unproven unproven) {
            return new ChangeCheck.Forged(unproven.reason());
        }
        return new ChangeCheck.Authentic(claimedOrigin);
    }
}
