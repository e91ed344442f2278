package dev.cascade.protocol.exchange;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

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
        RECEIPT("cascade/exchange/receipt/v1");

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
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ExchangeSignatures() {
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
                                          java.util.function.Function<X509Certificate, dev.cascade.protocol.trust.SignatureVerifier> verifierOf) {
        Objects.requireNonNull(body, "body");
        return Authorship.verify(kind.signedBytes(body), signature, chain, claimedAuthor, validator, verifierOf, kind.label());
    }

    /** Checks a message against an author certificate already validated (e.g. from a verified update). */
    public static boolean verifyWith(X509Certificate author, Kind kind, byte[] body, byte[] signature) {
        return signature != null && Signatures.verify(author, kind.signedBytes(body), signature);
    }
}
