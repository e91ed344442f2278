package dev.cascade.protocol.ledger;

import java.util.Objects;
import java.util.Optional;

/** A signed tree head as an export carries it, with the parent's receipt if the parent anchored it. */
public record ExportedHead(TreeHead head, byte[] signature, Optional<ExportedAnchor> anchor) {

    public ExportedHead {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(anchor, "anchor");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
