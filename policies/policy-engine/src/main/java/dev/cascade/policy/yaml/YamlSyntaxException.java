package dev.cascade.policy.yaml;

/** The bytes are not one well-formed YAML document. Line and column are 1-based; 0 if unknown. */
public final class YamlSyntaxException extends RuntimeException {

    private final int line;
    private final int column;
    private final String reason;

    public YamlSyntaxException(int line, int column, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The problem without its location. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
