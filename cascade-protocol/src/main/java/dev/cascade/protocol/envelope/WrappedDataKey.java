package dev.cascade.protocol.envelope;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A data key encrypted to the consumer node's application key; travels with the exchange through
 * intermediate nodes, which cannot open it. Opaque: the scheme is implied by the recipient's key.
 */
public record WrappedDataKey(byte[] bytes) {

    public WrappedDataKey {
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedDataKey w && Arrays.equals(bytes, w.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WrappedDataKey[" + HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length)) + "…, "
                + bytes.length + " bytes]";
    }
}
