package dev.cascade.node.exchange.source;

import java.util.Objects;

/**
 * Why a source could not deliver its rows. The exchange pipeline fails the exchange with
 * {@link #reason()} and {@link #getMessage()} and delivers nothing it has read so far: a source
 * throws this at the first row it cannot vouch for, never skips it.
 *
 * <p>Unchecked so that it can cross lambdas and iterators, but every method of {@link RowSource}
 * declares it: no other exception leaves a source except for a bug.
 */
public final class SourceFailure extends RuntimeException {

    /** The kinds of failure a caller acts on differently. */
    public enum Reason {
        /** The source cannot be reached: connection refused, timeout, non-2xx status, stored file missing. */
        UNREACHABLE,
        /** A record does not parse or has the wrong number of fields; the detail names its line or index. */
        BAD_RECORD,
        /** The bytes are not valid in the declared (or detected) character encoding; the detail names the line. */
        BAD_ENCODING,
        /** The source's columns lack fields the catalog lists, or its query no longer matches its tables. */
        SCHEMA_MISMATCH,
        /** The resource has no source configured at this node yet, or its configuration is not usable. */
        NOT_CONFIGURED
    }

    private final Reason reason;

    public SourceFailure(Reason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason);
    }

    public SourceFailure(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }

    static SourceFailure badRecord(String detail) {
        return new SourceFailure(Reason.BAD_RECORD, detail);
    }

    static SourceFailure unreachable(String detail, Throwable cause) {
        return new SourceFailure(Reason.UNREACHABLE, detail, cause);
    }
}
