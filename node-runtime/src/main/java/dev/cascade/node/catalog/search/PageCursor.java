package dev.cascade.node.catalog.search;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.time.DateTimeException;

/**
 * The position of the last row of a page in the catalog's order (updated_at descending, then origin,
 * then resource id). A position rather than an offset, so rows added or changed while a client pages
 * through never shift the pages it has yet to fetch.
 *
 * <p>On the wire it is opaque: base64url of a version byte, updated_at in epoch microseconds (the
 * precision PostgreSQL keeps, so the position compares exactly), origin and resource id. It carries
 * no filters: a cursor applied to a different query still means "after this row".
 */
record PageCursor(Instant updatedAt, String origin, String resourceId) {

    private static final byte VERSION = 1;
    static final String INVALID = "cursor is not valid";

    String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(micros(updatedAt));
            out.writeUTF(origin);
            out.writeUTF(resourceId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    static PageCursor decode(String cursor) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException(INVALID);
            }
            long micros = in.readLong();
            String origin = in.readUTF();
            String resourceId = in.readUTF();
            if (in.available() != 0 || !origin.matches("[0-9]{6}") || resourceId.isEmpty() || resourceId.length() > 64) {
                throw new IllegalArgumentException(INVALID);
            }
            return new PageCursor(fromMicros(micros), origin, resourceId);
        } catch (IOException | IllegalArgumentException | ArithmeticException | DateTimeException e) {
            // Base64 and truncation errors alike: a client only needs to know it cannot use this one.
            throw new IllegalArgumentException(INVALID, e);
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
