package dev.cascade.node.identity;

import dev.cascade.protocol.trust.DerChain;
import dev.cascade.protocol.trust.CachingChainValidator;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.Signatures;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.protobuf.ByteString;
import dev.cascade.protocol.trust.NodeCredentials;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What checking relayed signed messages costs, paid once per author instead of once per message:
 * a chain validated in the last 30 s (revocations still apply) is not validated again, a chain's
 * DER is parsed once, and each verifying thread keeps one verifier per signer key (BouncyCastle
 * reuses its precomputation on it; its SM2 signer is not thread-safe, hence per thread).
 */
@Singleton
public class AuthorKeys {

    @Inject
    LocalNode node;

    private ChainValidator chains;
    private final Map<String, List<X509Certificate>> decoded = lru(256);
    private final Map<String, PublicKey> signerKeys = lru(256);
    private final ThreadLocal<Map<String, SignatureVerifier>> verifiers = ThreadLocal.withInitial(() -> lru(64));
    // Signatures over batch roots already verified: key, signed bytes and signature, all of them.
    private final Map<String, Boolean> verifiedBatches = lru(4096);

    @PostConstruct
    void init() {
        chains = new CachingChainValidator(node.validator(), node.revocations(), node.clock(), Duration.ofSeconds(30));
    }

    /** The node's chain validator with the cache in front. */
    public ChainValidator chains() {
        return chains;
    }

    /** The node's application chain as DER certificates, as every signed frame carries it. */
    public static List<ByteString> wireChain(NodeCredentials node) {
        return DerChain.split(DerChain.encode(node.appChain())).stream().map(ByteString::copyFrom).toList();
    }

    /** A chain received as DER certificates, one per element, parsed once. */
    public List<X509Certificate> decode(List<ByteString> der) {
        return decode(joined(der));
    }

    /** DER certificates, one per element, back to back (the stored form). */
    public static byte[] joined(List<ByteString> der) {
        return DerChain.join(der.stream().map(ByteString::toByteArray).toList());
    }

    /** A chain from its joined DER (as stored and sent), parsed once. */
    public List<X509Certificate> decode(byte[] joined) {
        String key = HexFormat.of().formatHex(sha256(joined));
        synchronized (decoded) {
            List<X509Certificate> hit = decoded.get(key);
            if (hit != null) {
                return hit;
            }
        }
        List<X509Certificate> chain = DerChain.decode(joined);
        synchronized (decoded) {
            decoded.put(key, chain);
        }
        return chain;
    }

    /** This thread's verifier for the leaf's key. */
    public SignatureVerifier verifierFor(X509Certificate leaf) {
        return verifierFor(Fingerprints.sha256Hex(leaf), leaf);
    }

    private SignatureVerifier verifierFor(String fingerprint, X509Certificate leaf) {
        return verifiers.get().computeIfAbsent(fingerprint, f -> Signatures.verifierFor(signerKey(f, leaf)));
    }

    /**
     * A verifier for the leaf's key that remembers the signatures it found good. Every message of a
     * sealed batch carries the same signature over the same root, so a hop checks it once per batch;
     * a signature that failed is checked again each time (nothing is gained by remembering forgeries).
     */
    public SignatureVerifier rememberingVerifierFor(X509Certificate leaf) {
        String fingerprint = Fingerprints.sha256Hex(leaf);
        return (signed, signature) -> {
            Base64.Encoder b64 = Base64.getEncoder();
            String key = fingerprint + ':' + b64.encodeToString(signed) + ':' + b64.encodeToString(signature);
            synchronized (verifiedBatches) {
                if (verifiedBatches.containsKey(key)) {
                    return true;
                }
            }
            boolean good = verifierFor(fingerprint, leaf).verify(signed, signature);
            if (good) {
                synchronized (verifiedBatches) {
                    verifiedBatches.put(key, Boolean.TRUE);
                }
            }
            return good;
        };
    }

    private PublicKey signerKey(String fingerprint, X509Certificate leaf) {
        synchronized (signerKeys) {
            return signerKeys.computeIfAbsent(fingerprint, f -> leaf.getPublicKey());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
