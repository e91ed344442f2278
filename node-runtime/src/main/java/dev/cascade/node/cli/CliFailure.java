package dev.cascade.node.cli;

/**
 * A command failed for a reason the operator can act on; printed as one line. Exit code 1, or 2
 * for input that cannot be used at all where 1 already means a finding (as for {@code audit verify}).
 */
class CliFailure extends RuntimeException {

    static final int FINDING = 1;
    static final int UNUSABLE_INPUT = 2;

    private final int exitCode;

    CliFailure(String message) {
        this(message, FINDING);
    }

    CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
