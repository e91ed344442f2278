package dev.cascade.node.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One serving node per data directory: an exclusive lock on {@code DATA_DIR/serve.lock}, held for
 * the life of {@code serve}. The kernel releases it however the process ends, SIGKILL included, so
 * whoever holds it knows that no other node uses the directory — and therefore that a PostgreSQL
 * still running on the node's cluster was left behind by a node that was killed, and may be stopped.
 */
public final class DataDirectoryLock implements AutoCloseable {

    public static final String FILE = "serve.lock";

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException when another {@code serve} holds the directory
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held within this very process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("another cascade-node serve is running on " + dataDir + " (it holds " + file + ")");
        }
        return new DataDirectoryLock(dataDir, channel, lock);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
