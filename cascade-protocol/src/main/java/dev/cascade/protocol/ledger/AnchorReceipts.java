package dev.cascade.protocol.ledger;

import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Signatures over anchor receipts with the parent's application key. As for tree heads, the
 * NUL-ended context prefix keeps a receipt signature from passing for anything else the same key
 * signs (a tree head of the parent's own ledger above all), and the reverse.
 */
public final class AnchorReceipts {

    private static final byte[] CONTEXT = "cascade/ledger/anchor-receipt/v1\0".getBytes(StandardCharsets.US_ASCII);

    private AnchorReceipts() {
    }

    /** Signs as {@code parent}, which must be the receipt's parent. */
    public static byte[] sign(NodeCredentials parent, AnchorReceipt receipt) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(receipt, "receipt");
        if (!parent.region().equals(receipt.parent())) {
            throw new IllegalArgumentException(parent.region() + " cannot sign a receipt that names parent " + receipt.parent());
        }
        return Signatures.signAsNode(parent, signedBytes(receipt));
    }

    /** Checks that the receipt's parent signed it, against the parent's chain up to the root; see {@link Authorship}. */
    public static Authorship.Check verify(AnchorReceipt receipt, byte[] signature, List<X509Certificate> parentChain,
                                          ChainValidator validator) {
        return Authorship.verify(signedBytes(receipt), signature, parentChain, receipt.parent(), validator, "anchor receipt");
    }

    /** Checks a receipt against a parent application certificate already validated. */
    public static boolean verifyWith(X509Certificate parentAppCert, AnchorReceipt receipt, byte[] signature) {
        return signature != null && Signatures.verify(parentAppCert, signedBytes(receipt), signature);
    }

    private static byte[] signedBytes(AnchorReceipt receipt) {
        Objects.requireNonNull(receipt, "receipt");
        byte[] body = receipt.encoded();
        byte[] out = new byte[CONTEXT.length + body.length];
        System.arraycopy(CONTEXT, 0, out, 0, CONTEXT.length);
        System.arraycopy(body, 0, out, CONTEXT.length, body.length);
        return out;
    }
}
