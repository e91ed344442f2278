package dev.cascade.protocol.exchange;

import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MemoryLeafHashes;
import dev.cascade.protocol.ledger.MerkleProofs;
import dev.cascade.protocol.ledger.MerkleTree;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Function;

/**
 * Signatures over the serialized messages of an exchange. Each kind signs its bytes behind its own
 * context prefix, so a consumer's request can never pass for a receipt, an update for a grant, or
 * any of them for a catalog change made with the same application key.
 */
public final class ExchangeSignatures {

    /** What is signed; the prefix names the protocol version as well. */
    public enum Kind {
        REQUEST("cascade/exchange/request/v1"),
        UPDATE("cascade/exchange/update/v1"),
        GRANT("cascade/exchange/grant/v1"),
        RECEIPT("cascade/exchange/receipt/v1"),
        /** A hop's notice that it cannot hand a request on: signed by that hop, not by either end. */
        UNROUTABLE("cascade/exchange/unroutable/v1"),
        /** A route node's notice that an emergency directive stopped the exchange there: signed by that node. */
        HALT("cascade/exchange/halt/v1");

        private final byte[] prefix;

        Kind(String context) {
            byte[] text = context.getBytes(StandardCharsets.US_ASCII);
            prefix = new byte[text.length + 1];
            System.arraycopy(text, 0, prefix, 0, text.length);
            // NUL ends the context: no body can extend a prefix into another one.
        }

        byte[] signedBytes(byte[] body) {
            byte[] out = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(body, 0, out, prefix.length, body.length);
            return out;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Before the signed root of a batch: the kind's own prefix follows it, so a batch of requests
     * cannot pass for a batch of updates, nor a root for a single message's body.
     */
    private static final byte[] BATCH_PREFIX = "cascade/exchange/batch/v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Batches are hashed with SM3 whatever the key suite, as request digests are. */
    private static final LedgerHash BATCH_HASH = LedgerHash.SM3;

    private ExchangeSignatures() {
    }

    /**
     * Signs {@code bodies} of one kind with one signature over the root of their Merkle tree (leaf
     * i = the kind's prefix and body i) and returns each body's encoded {@link BatchSeal}, in order.
     */
    public static List<byte[]> sealAll(NodeCredentials author, Kind kind, List<byte[]> bodies) {
        Objects.requireNonNull(author, "author");
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("an empty batch has nothing to seal");
        }
        MemoryLeafHashes leaves = new MemoryLeafHashes(BATCH_HASH);
        for (byte[] body : bodies) {
            leaves.append(kind.signedBytes(Objects.requireNonNull(body, "body")));
        }
        MerkleTree tree = new MerkleTree(leaves);
        long size = leaves.size();
        byte[] signature = Signatures.signAsNode(author, batchSignedBytes(kind, BATCH_HASH, size, tree.root()));
        List<byte[]> seals = new ArrayList<>(bodies.size());
        for (long i = 0; i < size; i++) {
            seals.add(new BatchSeal(BATCH_HASH, i, size, tree.inclusionProof(i, size), signature).encode());
        }
        return seals;
    }

    /**
     * Checks a sealed message: its audit path leads to a root, and that root carries the claimed
     * author's signature (see {@link Authorship}). Callers checking many messages of one batch give
     * a {@code verifierOf} that remembers verified signatures, so the batch costs one check.
     */
    public static Authorship.Check verifySealed(Kind kind, byte[] body, byte[] seal, List<X509Certificate> chain,
                                                RegionCode claimedAuthor, ChainValidator validator,
                                                Function<X509Certificate, SignatureVerifier> verifierOf) {
        Objects.requireNonNull(body, "body");
        Optional<BatchSeal> decoded = BatchSeal.decode(seal);
        if (decoded.isEmpty()) {
            return new Authorship.Unproven(kind.label() + " of " + claimedAuthor + " carries a malformed batch seal");
        }
        BatchSeal s = decoded.get();
        Optional<byte[]> root = MerkleProofs.rootFromInclusion(s.hash(), s.hash().leafHash(kind.signedBytes(body)),
                s.index(), s.size(), s.path());
        if (root.isEmpty()) {
            return new Authorship.Unproven(kind.label() + " of " + claimedAuthor + ": the audit path does not fit message "
                    + s.index() + " of a batch of " + s.size());
        }
        return Authorship.verify(batchSignedBytes(kind, s.hash(), s.size(), root.get()), s.signature(), chain,
                claimedAuthor, validator, verifierOf, kind.label());
    }

    public static Authorship.Check verifySealed(Kind kind, byte[] body, byte[] seal, List<X509Certificate> chain,
                                                RegionCode claimedAuthor, ChainValidator validator) {
        return verifySealed(kind, body, seal, chain, claimedAuthor, validator,
                leaf -> Signatures.verifierFor(leaf.getPublicKey()));
    }

    // BATCH_PREFIX, the kind's prefix (with its NUL), the hash's code, the size (8 bytes, big-endian), the root.
    static byte[] batchSignedBytes(Kind kind, LedgerHash hash, long size, byte[] root) {
        return ByteBuffer.allocate(BATCH_PREFIX.length + kind.prefix.length + 1 + 8 + root.length)
                .put(BATCH_PREFIX).put(kind.prefix).put((byte) hash.code()).putLong(size).put(root).array();
    }

    public static byte[] sign(NodeCredentials author, Kind kind, byte[] body) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(body, "body");
        return Signatures.signAsNode(author, kind.signedBytes(body));
    }

    /** Checks a message's author against its chain up to the root; see {@link Authorship}. */
    public static Authorship.Check verify(Kind kind, byte[] body, byte[] signature, List<X509Certificate> chain,
                                          RegionCode claimedAuthor, ChainValidator validator) {
        Objects.requireNonNull(body, "body");
        return Authorship.verify(kind.signedBytes(body), signature, chain, claimedAuthor, validator, kind.label());
    }

    /** As above, with the verifier of the leaf's key supplied by the caller (one kept per signer and thread). */
    public static Authorship.Check verify(Kind kind, byte[] body, byte[] signature, List<X509Certificate> chain,
                                          RegionCode claimedAuthor, ChainValidator validator,
                                          Function<X509Certificate, SignatureVerifier> verifierOf) {
        Objects.requireNonNull(body, "body");
        return Authorship.verify(kind.signedBytes(body), signature, chain, claimedAuthor, validator, verifierOf, kind.label());
    }

    /** Checks a message against an author certificate already validated (e.g. from a verified update). */
    public static boolean verifyWith(X509Certificate author, Kind kind, byte[] body, byte[] signature) {
        return signature != null && Signatures.verify(author, kind.signedBytes(body), signature);
    }
}
