package dev.cascade.node.exchange.consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cascade.protocol.exchange.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** How a consumer department takes its data: CSV (RFC 4180, header row, UTF-8) or JSON Lines (one object per row). */
public enum DeliveryFormat {
    CSV("text/csv; charset=UTF-8"),
    JSONL("application/jsonl");

    private final String mediaType;

    DeliveryFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static DeliveryFormat parse(String text) {
        String t = text == null ? "csv" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "csv" -> CSV;
            case "jsonl", "ndjson", "json-lines" -> JSONL;
            default -> throw new IllegalArgumentException("format '" + text + "' is not csv or jsonl");
        };
    }

    interface Writer extends AutoCloseable {
        void row(Row row);

        @Override
        void close() throws IOException;
    }

    Writer writer(OutputStream out, List<String> columns) throws IOException {
        return this == CSV ? new CsvWriter(out, columns) : new JsonLinesWriter(out, columns);
    }

    private static final class CsvWriter implements Writer {
        private final BufferedWriter out;

        CsvWriter(OutputStream out, List<String> columns) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            line(columns);
        }

        @Override
        public void row(Row row) {
            try {
                line(row.values());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void line(List<String> values) throws IOException {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                String v = values.get(i);
                if (v == null) {
                    continue; // an empty field: CSV has no null
                }
                if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    out.write('"');
                    out.write(v.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(v);
                }
            }
            out.write("\r\n");
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class JsonLinesWriter implements Writer {
        private final JsonGenerator out;
        private final List<String> columns;

        JsonLinesWriter(OutputStream out, List<String> columns) throws IOException {
            this.out = new JsonFactory().createGenerator(out);
            this.out.setRootValueSeparator(null);
            this.columns = columns;
        }

        @Override
        public void row(Row row) {
            try {
                out.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    out.writeStringField(columns.get(i), row.get(i));
                }
                out.writeEndObject();
                out.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
