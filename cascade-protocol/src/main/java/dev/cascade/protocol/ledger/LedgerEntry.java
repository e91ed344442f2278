package dev.cascade.protocol.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.nio.BufferUnderflowException;

/**
 * One leaf of a node's audit ledger: what happened ({@code type}), who did it, to what, when, in
 * words, and the digest of the signed artefact it concerns (empty when there is none).
 *
 * <p>Canonical encoding ({@link #encoded()}), whose {@link LedgerHash#leafHash} is the Merkle leaf:
 * <pre>
 *   length  field
 *        1  format version, 1
 *        8  index (position in the log), unsigned, big-endian
 *        8  occurredAtMillis, milliseconds since 1970-01-01T00:00Z, big-endian
 *      2+n  type     (u16 byte length, then UTF-8)
 *      2+n  actor    (u16, UTF-8)
 *      2+n  subject  (u16, UTF-8)
 *      2+n  detail   (u16, UTF-8)
 *      1+n  digest   (u8 byte length, 0..64, then the bytes)
 * </pre>
 * The index is inside the hashed bytes, so moving a row to another position changes its leaf even
 * when its content is untouched.
 */
public record LedgerEntry(long index, long occurredAtMillis, String type, String actor, String subject, String detail,
                          byte[] digest) {

    private static final int VERSION = 1;
    private static final int MAX_TEXT = 0xffff;
    private static final int MAX_DIGEST = 64;

    public LedgerEntry {
        if (index < 0) {
            throw new IllegalArgumentException("negative ledger index " + index);
        }
        if (occurredAtMillis < 0) {
            throw new IllegalArgumentException("negative timestamp " + occurredAtMillis);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
        digest = digest == null ? new byte[0] : digest.clone();
        if (digest.length > MAX_DIGEST) {
            throw new IllegalArgumentException("a ledger digest has at most " + MAX_DIGEST + " bytes, not " + digest.length);
        }
        for (String text : new String[] {type, actor, subject, detail}) {
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT) {
                throw new IllegalArgumentException("a ledger text field has at most " + MAX_TEXT + " UTF-8 bytes");
            }
        }
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The canonical bytes above. */
    public byte[] encoded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + detail.length());
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(16).putLong(index).putLong(occurredAtMillis).array());
        for (String text : new String[] {type, actor, subject, detail}) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.write(utf8.length >>> 8);
            out.write(utf8.length);
            out.writeBytes(utf8);
        }
        out.write(digest.length);
        out.writeBytes(digest);
        return out.toByteArray();
    }

    /** The Merkle leaf hash of this entry under {@code hash}. */
    public byte[] leafHash(LedgerHash hash) {
        return hash.leafHash(encoded());
    }

    /** @throws IllegalArgumentException for bytes that are not exactly one encoded entry */
    public static LedgerEntry decode(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown ledger entry version " + version);
            }
            long index = in.getLong();
            long at = in.getLong();
            String type = text(in);
            String actor = text(in);
            String subject = text(in);
            String detail = text(in);
            byte[] digest = new byte[in.get() & 0xff];
            in.get(digest);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the end of a ledger entry");
            }
            return new LedgerEntry(index, at, type, actor, subject, detail, digest);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("ledger entry cut short at " + encoded.length + " bytes");
        }
    }

    private static String text(ByteBuffer in) {
        byte[] utf8 = new byte[in.getShort() & 0xffff];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LedgerEntry that && Arrays.equals(encoded(), that.encoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded());
    }

    @Override
    public String toString() {
        return "LedgerEntry[" + index + " " + type + " by " + actor + " on " + subject + ", digest="
                + HexFormat.of().formatHex(digest) + "]";
    }
}
