package dev.cascade.protocol.envelope;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted under a node's {@link StorageKey}, bound to its exchange id; safe to keep in
 * the node's database next to the exchange's ciphertext chunks. Layout: format version (1 byte),
 * random nonce (12 bytes), then GCM ciphertext and tag of (data suite code ‖ key).
 */
public record StoredDataKey(byte[] bytes) {

    public StoredDataKey {
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredDataKey s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "StoredDataKey[" + bytes.length + " bytes]";
    }
}
