package dev.cascade.node.exchange.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * Rows of an uploaded CSV or JSON Lines file, read as a stream. The same parsers validate an
 * upload ({@link #scan}) and read it for an exchange ({@link #open}); reading re-checks everything
 * the upload checked, because the file may have been altered on disk since.
 */
final class FileRows {

    private FileRows() {
    }

    /** What a complete pass over a valid file found. */
    record Scan(List<String> columns, long rowCount) {
    }

    /**
     * Reads the whole file once and returns its columns and row count; the first problem is a
     * {@link SourceFailure} (BAD_RECORD, BAD_ENCODING) naming its line. For JSON Lines the columns
     * are every member name that occurs, in order of first appearance.
     */
    static Scan scan(Path file, FileFormat format, TextEncoding encoding) {
        try (InputStream in = Files.newInputStream(file)) {
            CharInput chars = CharInput.open(in, encoding);
            if (format == FileFormat.CSV) {
                try (CsvRecords csv = new CsvRecords(chars)) {
                    List<String> header = header(csv);
                    long rows = 0;
                    List<String> record;
                    while ((record = csv.next()) != null) {
                        checkWidth(csv, record, header);
                        rows++;
                    }
                    return new Scan(header, rows);
                }
            }
            try (JsonLines lines = new JsonLines(chars)) {
                Set<String> columns = new LinkedHashSet<>();
                long rows = 0;
                Map<String, String> record;
                while ((record = lines.next()) != null) {
                    columns.addAll(record.keySet());
                    rows++;
                }
                if (rows == 0) {
                    throw SourceFailure.badRecord("line 1: the file holds no JSON object");
                }
                return new Scan(List.copyOf(columns), rows);
            }
        } catch (IOException e) {
            throw SourceFailure.unreachable("cannot read the uploaded file: " + e.getMessage(), e);
        }
    }

    /** Opens a stored file whose upload found {@code columns}. */
    static RowSource open(Path file, FileFormat format, TextEncoding encoding, List<String> columns) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw SourceFailure.unreachable("the uploaded file " + file.getFileName() + " is missing from the data directory", e);
        } catch (IOException e) {
            throw SourceFailure.unreachable("cannot open the uploaded file: " + e.getMessage(), e);
        }
        try {
            CharInput chars = CharInput.open(in, encoding);
            return format == FileFormat.CSV ? new CsvSource(new CsvRecords(chars), columns) : new JsonLinesSource(new JsonLines(chars), columns);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in);
            throw e instanceof SourceFailure f ? f : SourceFailure.unreachable("cannot read the uploaded file: " + e.getMessage(), e);
        }
    }

    private static List<String> header(CsvRecords csv) throws IOException {
        List<String> header = csv.next();
        if (header == null) {
            throw SourceFailure.badRecord("line 1: no header row: the file is empty");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isBlank()) {
                throw SourceFailure.badRecord("line " + csv.recordLine() + ": column " + (i + 1) + " of the header has no name");
            }
            if (!seen.add(name)) {
                throw SourceFailure.badRecord("line " + csv.recordLine() + ": column '" + name + "' appears twice in the header");
            }
        }
        return header;
    }

    private static void checkWidth(CsvRecords csv, List<String> record, List<String> header) {
        if (record.size() != header.size()) {
            throw SourceFailure.badRecord("line " + csv.recordLine() + ": " + record.size() + " fields where the header has "
                    + header.size());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Nothing was read from it that could be lost.
        }
    }

    private static final class CsvSource implements RowSource {
        private final CsvRecords csv;
        private final List<String> header;
        private final RowSchema schema;

        CsvSource(CsvRecords csv, List<String> columns) throws IOException {
            this.csv = csv;
            this.header = header(csv);
            if (!header.equals(columns)) {
                throw SourceFailure.badRecord("line 1: the stored file's header " + header
                        + " differs from the one it was uploaded with " + columns + ": the file was altered");
            }
            this.schema = new RowSchema(header);
        }

        @Override
        public RowSchema schema() {
            return schema;
        }

        @Override
        public Optional<Row> next() {
            try {
                List<String> record = csv.next();
                if (record == null) {
                    return Optional.empty();
                }
                checkWidth(csv, record, header);
                return Optional.of(new Row(record));
            } catch (IOException e) {
                throw SourceFailure.unreachable("cannot read the uploaded file: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(csv);
        }
    }

    private static final class JsonLinesSource implements RowSource {
        private final JsonLines lines;
        private final RowSchema schema;

        JsonLinesSource(JsonLines lines, List<String> columns) {
            this.lines = lines;
            this.schema = new RowSchema(columns);
        }

        @Override
        public RowSchema schema() {
            return schema;
        }

        @Override
        public Optional<Row> next() {
            try {
                Map<String, String> record = lines.next();
                if (record == null) {
                    return Optional.empty();
                }
                List<String> values = new ArrayList<>(schema.size());
                for (String column : schema.columns()) {
                    values.add(record.get(column));
                }
                if (!schema.columns().containsAll(record.keySet())) {
                    Set<String> unknown = new LinkedHashSet<>(record.keySet());
                    unknown.removeAll(schema.columns());
                    throw SourceFailure.badRecord("line " + lines.recordLine() + ": member(s) " + unknown
                            + " were not in the file when it was uploaded: the file was altered");
                }
                return Optional.of(new Row(values));
            } catch (IOException e) {
                throw SourceFailure.unreachable("cannot read the uploaded file: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(lines);
        }
    }
}
