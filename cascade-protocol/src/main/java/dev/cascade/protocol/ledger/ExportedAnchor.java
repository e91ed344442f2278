package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The parent's receipt for one exported head, as the export carries it: the head and the child are
 * implied by where it appears, so {@link #receiptFor} rebuilds the signed receipt from them.
 *
 * @param parentChain the parent's application certificate first, then its CA chain to the root
 */
public record ExportedAnchor(RegionCode parent, long anchoredAtMillis, byte[] signature, List<X509Certificate> parentChain) {

    public ExportedAnchor {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(signature, "signature");
        signature = signature.clone();
        parentChain = List.copyOf(parentChain);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The receipt this anchor's signature must be over, for {@code head} of {@code child}'s ledger. */
    public AnchorReceipt receiptFor(RegionCode child, TreeHead head) {
        return new AnchorReceipt(child, parent, anchoredAtMillis, head);
    }
}
