package dev.cascade.protocol.supervision;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Signatures over supervision bodies. Each kind signs behind its own context prefix, so a report
 * never passes for a directive, nor either of them for an exchange frame signed with the same key.
 */
public final class SupervisionSignatures {

    /** What is signed; the prefix names the protocol version as well. */
    public enum Kind {
        REPORT("cascade/supervision/report/v1"),
        ALERT("cascade/supervision/alert/v1"),
        ALERT_CHANGE("cascade/supervision/alert-change/v1"),
        DIRECTIVE("cascade/supervision/directive/v1");

        private final byte[] prefix;

        Kind(String context) {
            byte[] text = context.getBytes(StandardCharsets.US_ASCII);
            prefix = new byte[text.length + 1]; // NUL ends the context
            System.arraycopy(text, 0, prefix, 0, text.length);
        }

        byte[] signedBytes(byte[] body) {
            byte[] out = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(body, 0, out, prefix.length, body.length);
            return out;
        }
    }

    private SupervisionSignatures() {
    }

    public static byte[] sign(NodeCredentials author, Kind kind, byte[] body) {
        Objects.requireNonNull(author, "author");
        return Signatures.signAsNode(author, kind.signedBytes(Objects.requireNonNull(body, "body")));
    }

    /** Checks that {@code claimedAuthor}'s node signed {@code body} as {@code kind}, its chain leading to the national root. */
    public static Authorship.Check verify(Kind kind, byte[] body, byte[] signature, List<X509Certificate> chain,
                                          RegionCode claimedAuthor, ChainValidator validator) {
        Objects.requireNonNull(body, "body");
        return Authorship.verify(kind.signedBytes(body), signature, chain, claimedAuthor, validator,
                kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
