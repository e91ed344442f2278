package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches every byte of a data directory — PostgreSQL's heap, WAL and temporary files, spools,
 * secrets, everything but the unpacked PostgreSQL binaries — for the run's plaintext marker,
 * which only source rows carry. Relays must never hold it; the owner (which stores the upload)
 * must, which shows the search finds what is there.
 */
final class PlaintextScan {

    private final byte[] marker;

    PlaintextScan(String marker) {
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
    }

    /** The files under {@code dataDir} holding the marker. */
    List<Path> filesWithMarker(Path dataDir) {
        Path binaries = dataDir.resolve("postgres").resolve("dist");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(binaries)).toList()) {
                if (contains(f)) {
                    found.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + dataDir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Streams the file, carrying the marker's length less one byte across reads so a marker split between two is found. */
    private boolean contains(Path file) {
        byte[] buffer = new byte[1 << 20];
        int keep = marker.length - 1;
        int filled = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer, filled, buffer.length - filled)) >= 0; ) {
                filled += n;
                if (indexOf(buffer, filled) >= 0) {
                    return true;
                }
                if (filled > keep) {
                    System.arraycopy(buffer, filled - keep, buffer, 0, keep);
                    filled = keep;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // a file PostgreSQL removed meanwhile
        }
    }

    private int indexOf(byte[] hay, int length) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (hay[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
