package dev.cascade.protocol.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names one data exchange (one delivery of one stream from an owner to a consumer). Every chunk,
 * wrapped key and stored key of the exchange is cryptographically bound to it, so nothing can be
 * moved from one exchange to another.
 *
 * @param value 1 to {@value #MAX_BYTES} bytes of UTF-8, no control characters
 */
public record ExchangeId(String value) {

    public static final int MAX_BYTES = 256;

    public ExchangeId {
        Objects.requireNonNull(value, "value");
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("an exchange id is 1.." + MAX_BYTES + " bytes of UTF-8, was " + bytes);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an exchange id has no control characters");
        }
    }

    /**
     * Length (2 bytes, big-endian) then UTF-8: the form mixed into associated data and signed
     * digests. The length prefix keeps "ab" + next field from reading as "a" + "b…".
     */
    byte[] encoded() {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + utf8.length).putShort((short) utf8.length).put(utf8).array();
    }

    @Override
    public String toString() {
        return value;
    }
}
