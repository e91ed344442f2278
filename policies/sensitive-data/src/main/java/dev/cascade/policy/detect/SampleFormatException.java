package dev.cascade.policy.detect;

import java.io.IOException;

/** A sample file that cannot be read as CSV, with the 1-based line the problem was found on. */
public final class SampleFormatException extends IOException {

    private final int line;

    public SampleFormatException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
