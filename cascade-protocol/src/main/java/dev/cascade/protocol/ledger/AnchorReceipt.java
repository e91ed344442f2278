package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A parent's statement that it anchored a child's signed tree head at a moment: once it has, the
 * child cannot present a shorter or different history for that size without the parent noticing.
 *
 * <p>Canonical encoding ({@link #encoded()}), what {@link AnchorReceipts} signs behind its context prefix:
 * <pre>
 *   length  field
 *        6  child region, ASCII digits
 *        6  parent region, ASCII digits
 *        8  anchoredAtMillis, milliseconds since 1970-01-01T00:00Z, big-endian
 *       50  the child's head, {@link TreeHead#encoded()}
 * </pre>
 */
public record AnchorReceipt(RegionCode child, RegionCode parent, long anchoredAtMillis, TreeHead head) {

    public AnchorReceipt {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(head, "head");
        if (anchoredAtMillis < 0) {
            throw new IllegalArgumentException("negative anchoring time " + anchoredAtMillis);
        }
    }

    public byte[] encoded() {
        byte[] head = this.head.encoded();
        return ByteBuffer.allocate(6 + 6 + 8 + head.length)
                .put(child.code().getBytes(StandardCharsets.US_ASCII))
                .put(parent.code().getBytes(StandardCharsets.US_ASCII))
                .putLong(anchoredAtMillis)
                .put(head)
                .array();
    }
}
