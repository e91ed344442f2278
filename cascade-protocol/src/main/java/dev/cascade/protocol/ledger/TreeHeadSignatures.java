package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Signatures over tree heads with a node's application key (SM3withSM2 or SHA256withECDSA, as the
 * node's key suite has it). The signed bytes are a context prefix then {@link TreeHead#encoded()}:
 * the prefix, ended by NUL, keeps a tree head signature from ever passing for a catalog change,
 * an exchange message or anything else the same key signs, and those from passing for a head.
 */
public final class TreeHeadSignatures {

    private static final byte[] CONTEXT = "cascade/ledger/tree-head/v1\0".getBytes(StandardCharsets.US_ASCII);

    private TreeHeadSignatures() {
    }

    public static byte[] sign(NodeCredentials author, TreeHead head) {
        Objects.requireNonNull(author, "author");
        return Signatures.signAsNode(author, signedBytes(head));
    }

    /** Checks the head's author against its chain up to the root; see {@link Authorship}. */
    public static Authorship.Check verify(TreeHead head, byte[] signature, List<X509Certificate> chain,
                                          RegionCode claimedAuthor, ChainValidator validator) {
        return Authorship.verify(signedBytes(head), signature, chain, claimedAuthor, validator, "tree head");
    }

    /** As above, with the verifier of the leaf's key supplied by the caller (one kept per signer and thread). */
    public static Authorship.Check verify(TreeHead head, byte[] signature, List<X509Certificate> chain,
                                          RegionCode claimedAuthor, ChainValidator validator,
                                          Function<X509Certificate, SignatureVerifier> verifierOf) {
        return Authorship.verify(signedBytes(head), signature, chain, claimedAuthor, validator, verifierOf, "tree head");
    }

    /** Checks a head against an author certificate already validated. */
    public static boolean verifyWith(X509Certificate author, TreeHead head, byte[] signature) {
        return signature != null && Signatures.verify(author, signedBytes(head), signature);
    }

    /** As above, with a verifier kept for the author's key: an auditor checks thousands of one node's heads. */
    public static boolean verifyWith(SignatureVerifier author, TreeHead head, byte[] signature) {
        Objects.requireNonNull(author, "author");
        return signature != null && author.verify(signedBytes(head), signature);
    }

    private static byte[] signedBytes(TreeHead head) {
        Objects.requireNonNull(head, "head");
        byte[] body = head.encoded();
        byte[] out = new byte[CONTEXT.length + body.length];
        System.arraycopy(CONTEXT, 0, out, 0, CONTEXT.length);
        System.arraycopy(body, 0, out, CONTEXT.length, body.length);
        return out;
    }
}
