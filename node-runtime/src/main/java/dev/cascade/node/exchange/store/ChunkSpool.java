package dev.cascade.node.exchange.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.jboss.logging.Logger;

/**
 * The chunks of one exchange cached at this node, in one append-only file: at the owner and every
 * relay until the consumer's receipt comes back, at the consumer as its encrypted-at-rest copy.
 * The file starts with {@link #MAGIC} (format 2); each record is
 * {@code index(8) last(1) sealedLength(4) sealed signatureLength(2) signature crc32c(4)}, the CRC32C
 * covering every byte of the record before it. A record cut short by a crash, or one whose bytes no
 * longer match their checksum (a flipped bit on disk), ends the spool: it is dropped with everything
 * after it on open, or when a read finds it, so the node resumes from the last good chunk. The
 * checksum only detects damage; the owner's signature on each chunk is what proves it authentic.
 * A file of format 1 (no header, no checksums) is rewritten in format 2 when it is opened.
 * One instance per exchange and node; methods are synchronized because the receiving stream
 * appends while sending streams read.
 */
public final class ChunkSpool implements AutoCloseable {

    /** A record that no longer matches its checksum; the spool was cut back to just before it. */
    public static final class DamagedChunk extends UncheckedIOException {
        private final long index;

        DamagedChunk(Path file, long index) {
            super("chunk " + index + " of " + file + " does not match its checksum: the spool now ends before it",
                    new IOException("CRC32C mismatch"));
            this.index = index;
        }

        public long index() {
            return index;
        }
    }

    private static final Logger LOG = Logger.getLogger(ChunkSpool.class);
    /** "CSPOOL", NUL, format 2. Format 1 files began with chunk 0's index: eight zero bytes. */
    static final byte[] MAGIC = {'C', 'S', 'P', 'O', 'O', 'L', 0, 2};
    private static final int HEADER = 8 + 1 + 4;
    private static final int CRC = 4;

    private final Path file;
    private final FileChannel channel;
    private final List<Long> offsets = new ArrayList<>();
    private boolean complete;
    private long end;

    private ChunkSpool(Path file) throws IOException {
        this.file = file;
        upgradeFormat1(file);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < MAGIC.length) {
            channel.truncate(0); // new, or a crash before its header was whole
            write(ByteBuffer.wrap(MAGIC), 0);
        }
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

    /** A whole record read back, with its length on disk. */
    private record Record(SpooledChunk chunk, long length) {
    }

    /**
     * The record at {@code at} if it is whole, is chunk {@code index} and (when {@code checksummed})
     * matches its checksum; null otherwise. Lengths are checked against the file's size before
     * anything is allocated, so a damaged length cannot ask for more memory than the file holds.
     */
    private static Record recordAt(FileChannel ch, long at, long size, long index, boolean checksummed) throws IOException {
        if (at + HEADER > size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(ch, header, at);
        header.flip();
        long storedIndex = header.getLong();
        header.get();
        int sealedLength = header.getInt();
        long sigAt = at + HEADER + sealedLength;
        if (storedIndex != index || sealedLength < 0 || sigAt + 2 > size) {
            return null;
        }
        ByteBuffer sigLength = ByteBuffer.allocate(2);
        readFully(ch, sigLength, sigAt);
        long length = HEADER + (long) sealedLength + 2 + (sigLength.flip().getShort() & 0xffff) + (checksummed ? CRC : 0);
        if (at + length > size) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        readFully(ch, bytes, at);
        byte[] record = bytes.array();
        int body = (int) length - (checksummed ? CRC : 0);
        if (checksummed && ByteBuffer.wrap(record, body, CRC).getInt() != crc(record, body)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(record, 0, body);
        in.getLong();
        boolean last = in.get() == 1;
        byte[] sealed = new byte[in.getInt()];
        in.get(sealed);
        byte[] signature = new byte[in.getShort() & 0xffff];
        in.get(signature);
        return new Record(new SpooledChunk(index, last, sealed, signature), length);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private void scan() throws IOException {
        long size = channel.size();
        long at = MAGIC.length;
        Record r;
        while ((r = recordAt(channel, at, size, offsets.size(), true)) != null) {
            offsets.add(at);
            at += r.length();
            if (r.chunk().last()) {
                complete = true;
                break;
            }
        }
        end = at;
        if (at < size) {
            // A torn tail from a crash, or a damaged record and all after it: the sender re-sends from here.
            LOG.warnf("chunk spool %s keeps its first %d chunks; the %d bytes after them are dropped (cut short or damaged)",
                    file, offsets.size(), size - at);
            channel.truncate(at);
        }
    }

    /**
     * Rewrites a format-1 file (records without checksums, no header) in format 2: every whole
     * record is copied, with its checksum, to a new file that is synced and then renamed over the
     * old one, so a crash leaves one whole file or the other.
     */
    private static void upgradeFormat1(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) < MAGIC.length) {
            return;
        }
        byte[] start = new byte[MAGIC.length];
        try (FileChannel old = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(old, ByteBuffer.wrap(start), 0);
            if (Arrays.equals(start, MAGIC)) {
                return;
            }
            Path upgraded = file.resolveSibling(file.getFileName() + ".format2");
            try (FileChannel out = FileChannel.open(upgraded, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = old.size();
                long at = 0;
                long written = MAGIC.length;
                writeFully(out, ByteBuffer.wrap(MAGIC), 0);
                Record r;
                for (long index = 0; (r = recordAt(old, at, size, index, false)) != null; index++) {
                    ByteBuffer record = encode(r.chunk());
                    written += writeFully(out, record, written);
                    at += r.length();
                    if (r.chunk().last()) {
                        break;
                    }
                }
                out.force(true);
            }
            Files.move(upgraded, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.infof("chunk spool %s rewritten in format 2 (records with checksums)", file);
    }

    private static ByteBuffer encode(SpooledChunk chunk) {
        int body = HEADER + chunk.sealed().length + 2 + chunk.signature().length;
        ByteBuffer record = ByteBuffer.allocate(body + CRC);
        record.putLong(chunk.index()).put((byte) (chunk.last() ? 1 : 0)).putInt(chunk.sealed().length)
                .put(chunk.sealed()).putShort((short) chunk.signature().length).put(chunk.signature());
        record.putInt(crc(record.array(), body)).flip();
        return record;
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
        try {
            long written = write(encode(chunk), end);
            offsets.add(end);
            end += written;
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

    /**
     * The chunk as appended.
     *
     * @throws DamagedChunk when its record no longer matches its checksum; the spool then ends before
     *                      it ({@link #next()} is its index), so the chunk can be fetched again
     */
    public synchronized SpooledChunk read(long index) {
        if (index < 0 || index >= offsets.size()) {
            throw new IllegalArgumentException("chunk " + index + " is not in " + file);
        }
        long at = offsets.get((int) index);
        try {
            Record r = recordAt(channel, at, end, index, true);
            if (r == null) {
                cutBackTo((int) index);
                throw new DamagedChunk(file, index);
            }
            return r.chunk();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + index + " of " + file + ": " + e.getMessage(), e);
        }
    }

    private void cutBackTo(int index) throws IOException {
        long at = offsets.get(index);
        offsets.subList(index, offsets.size()).clear();
        end = at;
        complete = false;
        channel.truncate(at);
        LOG.warnf("chunk %d of spool %s does not match its checksum: the spool now ends before it", index, file);
    }

    private long write(ByteBuffer bytes, long at) throws IOException {
        return writeFully(channel, bytes, at);
    }

    private static long writeFully(FileChannel ch, ByteBuffer bytes, long at) throws IOException {
        long from = at;
        while (bytes.hasRemaining()) {
            at += ch.write(bytes, at);
        }
        return at - from;
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
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

    /** The file's size: its header and every whole record. */
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
