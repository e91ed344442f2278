package dev.cascade.node.exchange.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * A small CSV or JSON Lines file read whole into memory with the parsers uploads go through (same
 * quoting, encodings, byte-order mark and line-numbered errors), for files that are evidence rather
 * than a source: a leaked copy handed in for tracing. Columns come from the CSV header or, for JSON
 * Lines, from every member name in order of first appearance; a member a line lacks reads as null.
 */
public final class FileTable {

    private FileTable() {
    }

    /** The file's columns and rows, and the encoding it was read in. */
    public record Table(RowSchema schema, List<Row> rows, TextEncoding encoding) {
        public Table {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Reads {@code bytes} as {@code format}. Without a declared encoding, UTF-8 if the whole file is
     * valid UTF-8, otherwise GBK, as for an upload.
     *
     * @throws SourceFailure BAD_RECORD or BAD_ENCODING naming the first bad line, or BAD_RECORD when
     *     the file holds no row or more than {@code maxRows}
     */
    public static Table read(byte[] bytes, FileFormat format, Optional<TextEncoding> declared, int maxRows) {
        TextEncoding encoding = declared.orElse(TextEncoding.UTF_8);
        try {
            return read(bytes, format, encoding, maxRows);
        } catch (SourceFailure f) {
            if (declared.isPresent() || f.reason() != SourceFailure.Reason.BAD_ENCODING) {
                throw f;
            }
            return read(bytes, format, TextEncoding.GBK, maxRows);
        }
    }

    private static Table read(byte[] bytes, FileFormat format, TextEncoding encoding, int maxRows) {
        try {
            CharInput chars = CharInput.open(new ByteArrayInputStream(bytes), encoding);
            Table table = format == FileFormat.CSV ? csv(chars, encoding, maxRows) : jsonLines(chars, encoding, maxRows);
            if (table.rows().isEmpty()) {
                throw SourceFailure.badRecord("the file holds no row");
            }
            return table;
        } catch (IOException e) {
            // Only the parsers' own failures can come from an in-memory stream.
            throw new UncheckedIOException(e);
        }
    }

    private static Table csv(CharInput chars, TextEncoding encoding, int maxRows) throws IOException {
        try (CsvRecords csv = new CsvRecords(chars)) {
            List<String> header = csv.next();
            if (header == null) {
                throw SourceFailure.badRecord("line 1: no header row: the file is empty");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                if (name.isEmpty() || !seen.add(name)) {
                    throw SourceFailure.badRecord("line 1: column " + (i + 1) + " of the header is "
                            + (name.isEmpty() ? "unnamed" : "'" + name + "' a second time"));
                }
            }
            List<Row> rows = new ArrayList<>();
            List<String> record;
            while ((record = csv.next()) != null) {
                if (record.size() != header.size()) {
                    throw SourceFailure.badRecord("line " + csv.recordLine() + ": " + record.size()
                            + " fields where the header has " + header.size());
                }
                limit(rows, maxRows);
                rows.add(new Row(record));
            }
            return new Table(new RowSchema(List.copyOf(seen)), rows, encoding);
        }
    }

    private static Table jsonLines(CharInput chars, TextEncoding encoding, int maxRows) throws IOException {
        try (JsonLines lines = new JsonLines(chars)) {
            List<Map<String, String>> records = new ArrayList<>();
            Set<String> columns = new LinkedHashSet<>();
            Map<String, String> record;
            while ((record = lines.next()) != null) {
                limit(records, maxRows);
                records.add(record);
                columns.addAll(record.keySet());
            }
            List<String> names = List.copyOf(columns);
            List<Row> rows = new ArrayList<>(records.size());
            for (Map<String, String> r : records) {
                List<String> values = new ArrayList<>(names.size());
                names.forEach(n -> values.add(r.get(n)));
                rows.add(new Row(values));
            }
            return new Table(new RowSchema(names), rows, encoding);
        }
    }

    private static void limit(List<?> read, int maxRows) {
        if (read.size() >= maxRows) {
            throw SourceFailure.badRecord("the file has more than " + maxRows + " rows; a few thousand are plenty to trace");
        }
    }
}
