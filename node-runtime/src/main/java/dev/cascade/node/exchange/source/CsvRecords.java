package dev.cascade.node.exchange.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from decoded text: comma separator, fields optionally in double quotes with
 * {@code ""} for a quote, commas and line breaks allowed inside quotes, CRLF or LF line ends.
 * Strict like the classifier's reader ({@code SampleTable}): a quote inside an unquoted field, text
 * after a closing quote or an unclosed quote is a BAD_RECORD naming the line, because a guessed
 * split would put values under the wrong column without any sign of it. Blank lines are skipped.
 */
final class CsvRecords implements Closeable {

    /** A record longer than this is not the CSV it claims to be (or a binary file). */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;

    private final CharInput in;
    private int recordLine;
    private int pending = -2;

    CsvRecords(CharInput in) {
        this.in = in;
    }

    /** The line the last record returned by {@link #next()} started on. */
    int recordLine() {
        return recordLine;
    }

    /** The next non-blank record, or null at the end. */
    List<String> next() throws IOException {
        while (true) {
            int c = read();
            if (c == CharInput.EOF) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                continue;
            }
            return record(c);
        }
    }

    private List<String> record(int first) throws IOException {
        // The first character is not a line end, so the line count has not moved past it.
        recordLine = in.line();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int total = 0;
        int c = first;
        while (true) {
            if (c == '"' && field.length() == 0) {
                c = quoted(field);
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != CharInput.EOF) {
                    if (c == '"') {
                        throw SourceFailure.badRecord("line " + in.line() + ": a quote inside an unquoted field"
                                + " (quote the whole field and double the quote)");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            total += field.length();
            if (total > MAX_RECORD_CHARS) {
                throw SourceFailure.badRecord("line " + recordLine + ": a record longer than " + MAX_RECORD_CHARS + " characters");
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                int after = read();
                if (after != '\n') {
                    pending = after;
                }
            }
            return fields;
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int quoted(StringBuilder field) throws IOException {
        int startLine = in.line();
        while (true) {
            int c = read();
            if (c == CharInput.EOF) {
                throw SourceFailure.badRecord("line " + startLine + ": a quoted field is never closed");
            }
            if (c == '"') {
                int after = read();
                if (after == '"') {
                    field.append('"');
                    continue;
                }
                if (after != ',' && after != '\n' && after != '\r' && after != CharInput.EOF) {
                    throw SourceFailure.badRecord("line " + in.line() + ": text after a closing quote");
                }
                return after;
            }
            field.append((char) c);
            if (field.length() > MAX_RECORD_CHARS) {
                throw SourceFailure.badRecord("line " + startLine + ": a field longer than " + MAX_RECORD_CHARS + " characters");
            }
        }
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
