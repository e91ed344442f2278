package dev.cascade.node.exchange.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of one exchange cached at this node, in one append-only file: at the owner and every
 * relay until the consumer's receipt comes back, at the consumer as its encrypted-at-rest copy.
 * Each record is {@code index(8) last(1) sealedLength(4) sealed signatureLength(2) signature}; a
 * record cut short by a crash is dropped on open, so the node resumes from the last whole chunk.
 * One instance per exchange and node; methods are synchronized because the receiving stream
 * appends while sending streams read.
 */
public final class ChunkSpool implements AutoCloseable {

    private static final int HEADER = 8 + 1 + 4;

    private final Path file;
    private final FileChannel channel;
    private final List<Long> offsets = new ArrayList<>();
    private boolean complete;
    private long end;

    private ChunkSpool(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        scan();
    }

    public static ChunkSpool open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new ChunkSpool(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open chunk spool " + file + ": " + e.getMessage(), e);
        }
    }

    private void scan() throws IOException {
        long size = channel.size();
        long at = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        ByteBuffer sigLength = ByteBuffer.allocate(2);
        while (at + HEADER <= size) {
            header.clear();
            channel.read(header, at);
            header.flip();
            long index = header.getLong();
            boolean last = header.get() == 1;
            int sealedLength = header.getInt();
            long sigAt = at + HEADER + sealedLength;
            if (index != offsets.size() || sealedLength < 0 || sigAt + 2 > size) {
                break;
            }
            sigLength.clear();
            channel.read(sigLength, sigAt);
            sigLength.flip();
            long next = sigAt + 2 + (sigLength.getShort() & 0xffff);
            if (next > size) {
                break;
            }
            offsets.add(at);
            at = next;
            if (last) {
                complete = true;
                break;
            }
        }
        end = at;
        if (at < size) {
            channel.truncate(at); // a torn tail from a crash: the sender re-sends from here
        }
    }

    /** The index the next appended chunk must have. */
    public synchronized long next() {
        return offsets.size();
    }

    /** Whether the last chunk is here. */
    public synchronized boolean complete() {
        return complete;
    }

    /** Appends the chunk if it is the next one; false for a duplicate or out-of-order chunk (nothing written). */
    public synchronized boolean append(SpooledChunk chunk) {
        if (complete || chunk.index() != offsets.size()) {
            return false;
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER + chunk.sealed().length + 2 + chunk.signature().length);
        record.putLong(chunk.index()).put((byte) (chunk.last() ? 1 : 0)).putInt(chunk.sealed().length)
                .put(chunk.sealed()).putShort((short) chunk.signature().length).put(chunk.signature()).flip();
        try {
            long at = end;
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            offsets.add(end);
            end = at;
        } catch (IOException e) {
            dropTornTail();
            throw new UncheckedIOException("cannot write chunk " + chunk.index() + " to " + file + ": " + e.getMessage(), e);
        }
        complete = chunk.last();
        return true;
    }

    /** A write cut short (a full disk) leaves no partial record behind: the spool ends at its last whole chunk. */
    private void dropTornTail() {
        try {
            channel.truncate(end);
        } catch (IOException ignored) {
            // The restart scan drops a torn tail as well.
        }
    }

    public synchronized SpooledChunk read(long index) {
        if (index < 0 || index >= offsets.size()) {
            throw new IllegalArgumentException("chunk " + index + " is not in " + file);
        }
        try {
            long at = offsets.get((int) index);
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            channel.read(header, at);
            header.flip();
            header.getLong();
            boolean last = header.get() == 1;
            byte[] sealed = new byte[header.getInt()];
            readFully(ByteBuffer.wrap(sealed), at + HEADER);
            ByteBuffer sigLength = ByteBuffer.allocate(2);
            readFully(sigLength, at + HEADER + sealed.length);
            byte[] signature = new byte[sigLength.flip().getShort() & 0xffff];
            readFully(ByteBuffer.wrap(signature), at + HEADER + sealed.length + 2);
            return new SpooledChunk(index, last, sealed, signature);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + index + " of " + file + ": " + e.getMessage(), e);
        }
    }

    private void readFully(ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("spool ends early");
            }
            at += n;
        }
    }

    /** Makes the appended chunks durable (before the consumer acknowledges them). */
    public synchronized void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized long bytes() {
        return end;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes and removes the file: the purge after the consumer's receipt. */
    public synchronized void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
