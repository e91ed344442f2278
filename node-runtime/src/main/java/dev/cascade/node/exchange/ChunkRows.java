package dev.cascade.node.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cascade.protocol.exchange.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The plaintext inside a chunk: whole rows, one JSON array of strings (or nulls) per line, UTF-8.
 * A row never spans two chunks, so resuming at a chunk boundary resumes at a row boundary.
 */
public final class ChunkRows {

    private static final JsonFactory JSON = new JsonFactory();

    private ChunkRows() {
    }

    /** Collects rows into chunk-sized plaintexts. */
    public static final class Writer {
        private final ByteArrayOutputStream buffer;
        private final JsonGenerator out;

        public Writer(int capacity) {
            buffer = new ByteArrayOutputStream(capacity + capacity / 8);
            try {
                out = JSON.createGenerator(buffer);
                out.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void add(Row row) {
            try {
                out.writeStartArray();
                for (String v : row.values()) {
                    if (v == null) {
                        out.writeNull();
                    } else {
                        out.writeString(v);
                    }
                }
                out.writeEndArray();
                out.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int size() {
            flush();
            return buffer.size();
        }

        /** The rows collected since the last take, as one plaintext; the writer starts empty again. */
        public byte[] take() {
            flush();
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        }

        private void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static long count(byte[] plaintext) {
        long n = 0;
        for (byte b : plaintext) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    public static void read(byte[] plaintext, Consumer<Row> each) {
        try (JsonParser p = JSON.createParser(plaintext)) {
            List<String> values = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    values.clear();
                } else if (t == JsonToken.END_ARRAY) {
                    each.accept(new Row(values));
                } else if (t == JsonToken.VALUE_NULL) {
                    values.add(null);
                } else {
                    values.add(p.getText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a delivered chunk does not hold rows: " + e.getMessage(), e);
        }
    }
}
