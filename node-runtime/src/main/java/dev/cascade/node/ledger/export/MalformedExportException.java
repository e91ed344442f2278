package dev.cascade.node.ledger.export;

/** A ledger export that is not the format: which line, and what is wrong with it. */
public final class MalformedExportException extends RuntimeException {

    private final long line;

    MalformedExportException(long line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line of the export the problem is on. */
    public long line() {
        return line;
    }
}
