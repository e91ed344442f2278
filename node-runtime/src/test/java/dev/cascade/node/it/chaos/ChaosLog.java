package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The run's timeline: every fault, restart and phase with its second since the start, on stderr and in a file. */
final class ChaosLog {

    private final long started = System.nanoTime();
    private final Path file;

    ChaosLog(Path file) {
        this.file = file;
    }

    long elapsedSeconds() {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    synchronized void say(String format, Object... args) {
        String line = String.format("[chaos %4ds] ", elapsedSeconds()) + String.format(format, args);
        System.err.println(line);
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
