package dev.cascade.node.exchange.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/** Records of a JSON Lines file: one JSON object per line; blank lines are skipped. */
final class JsonLines implements Closeable {

    private final CharInput in;
    private final StringBuilder line = new StringBuilder();
    private int recordLine;

    JsonLines(CharInput in) {
        this.in = in;
    }

    int recordLine() {
        return recordLine;
    }

    /** The next record, or null at the end. */
    Map<String, String> next() throws IOException {
        while (true) {
            recordLine = in.line();
            line.setLength(0);
            int c;
            while ((c = in.read()) != CharInput.EOF && c != '\n' && c != '\r') {
                line.append((char) c);
                if (line.length() > CsvRecords.MAX_RECORD_CHARS) {
                    throw SourceFailure.badRecord("line " + recordLine + ": longer than " + CsvRecords.MAX_RECORD_CHARS + " characters");
                }
            }
            if (line.toString().isBlank()) {
                if (c == CharInput.EOF) {
                    return null;
                }
                continue;
            }
            return parse("line " + recordLine);
        }
    }

    private Map<String, String> parse(String where) throws IOException {
        try (JsonParser p = JsonRecords.JSON.createParser(line.toString())) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw SourceFailure.badRecord(where + ": " + JsonRecords.describe(first) + ", not a JSON object");
            }
            Map<String, String> record = JsonRecords.readObject(p, where);
            if (p.nextToken() != null) {
                throw SourceFailure.badRecord(where + ": text after the object");
            }
            return record;
        } catch (JsonProcessingException e) {
            throw SourceFailure.badRecord(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
