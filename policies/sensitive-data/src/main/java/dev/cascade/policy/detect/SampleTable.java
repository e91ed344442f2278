package dev.cascade.policy.detect;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first rows of a CSV file, for {@link ColumnClassifier}: a header row and up to a limit of
 * data rows.
 *
 * <p>The reader follows RFC 4180 (comma separator, double-quoted fields with "" for a quote, line
 * breaks inside quotes, CRLF or LF) and is strict about it: a quote inside an unquoted field, text
 * after a closing quote, an unterminated quote or a row whose field count differs from the header's
 * is a {@link SampleFormatException} naming the line, because a guessed split would put values
 * under the wrong column and the classification would be wrong without any sign of it.
 *
 * <p>CSV structure is parsed on bytes, which is safe for UTF-8 and GBK alike (neither uses the
 * bytes of comma, quote, CR or LF inside a multi-byte character); the fields are decoded after,
 * so that {@link SampleEncoding#AUTO} decides on exactly the bytes that were sampled. Blank lines
 * are skipped.
 *
 * @param header    column names, in file order
 * @param rows      data rows, each with exactly {@code header.size()} fields
 * @param encoding  how the file was decoded ({@link SampleEncoding#UTF_8} or {@link SampleEncoding#GBK})
 * @param truncated true if the file has rows beyond those read
 */
public record SampleTable(List<String> header, List<List<String>> rows, SampleEncoding encoding,
                          boolean truncated) {

    /** Fields longer than this mean the file is not the CSV it claims to be (or is a binary file). */
    static final int MAX_FIELD_BYTES = 1 << 20;

    public SampleTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        Objects.requireNonNull(encoding, "encoding");
    }

    /** The values of column {@code index}, one per row. */
    public List<String> column(int index) {
        List<String> values = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            values.add(row.get(index));
        }
        return values;
    }

    public static SampleTable read(Path file, SampleEncoding encoding, int maxRows) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, encoding, maxRows);
        }
    }

    /** Reads the header and at most {@code maxRows} data rows; the stream is not read further. */
    public static SampleTable read(InputStream in, SampleEncoding encoding, int maxRows) throws IOException {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative");
        }
        RawCsv raw = new RawCsv(new BufferedInputStream(in));
        boolean bom = raw.skipUtf8ByteOrderMark();
        if (bom && encoding == SampleEncoding.GBK) {
            throw new SampleFormatException(1, "the file starts with a UTF-8 byte-order mark but GBK was requested");
        }
        RawRecord header = raw.next();
        if (header == null) {
            throw new SampleFormatException(1, "no header row: the file is empty");
        }
        List<RawRecord> rows = new ArrayList<>();
        RawRecord row;
        while (rows.size() < maxRows && (row = raw.next()) != null) {
            if (row.fields().size() != header.fields().size()) {
                throw new SampleFormatException(row.line(), row.fields().size() + " fields where the header has "
                        + header.fields().size());
            }
            rows.add(row);
        }
        boolean truncated = rows.size() == maxRows && raw.hasMore();
        SampleEncoding used = bom ? SampleEncoding.UTF_8 : encoding;
        if (used == SampleEncoding.AUTO) {
            used = allUtf8(header, rows) ? SampleEncoding.UTF_8 : SampleEncoding.GBK;
        }
        Charset charset = used.charset();
        List<String> names = decode(header, charset);
        List<List<String>> decoded = new ArrayList<>(rows.size());
        for (RawRecord r : rows) {
            decoded.add(decode(r, charset));
        }
        return new SampleTable(names, decoded, used, truncated);
    }

    private static boolean allUtf8(RawRecord header, List<RawRecord> rows) {
        try {
            decode(header, StandardCharsets.UTF_8);
            for (RawRecord r : rows) {
                decode(r, StandardCharsets.UTF_8);
            }
            return true;
        } catch (SampleFormatException notUtf8) {
            return false;
        }
    }

    private static List<String> decode(RawRecord record, Charset charset) throws SampleFormatException {
        List<String> fields = new ArrayList<>(record.fields().size());
        for (byte[] bytes : record.fields()) {
            try {
                fields.add(charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString());
            } catch (CharacterCodingException e) {
                String name = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : "GBK";
                throw new SampleFormatException(record.line(), "a field is not valid " + name);
            }
        }
        return fields;
    }

    /** One CSV record as undecoded field bytes, with the line it starts on. */
    private record RawRecord(int line, List<byte[]> fields) {
    }

    /** RFC 4180 tokenizer over bytes. */
    private static final class RawCsv {
        private final InputStream in;
        private int line = 1;
        private int pushedBack = -2;

        RawCsv(InputStream in) {
            this.in = in;
        }

        boolean skipUtf8ByteOrderMark() throws IOException {
            in.mark(3);
            if (in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF) {
                return true;
            }
            in.reset();
            return false;
        }

        /** True if a record follows, well-formed or not: rows past the sample are not validated. */
        boolean hasMore() throws IOException {
            try {
                return next() != null;
            } catch (SampleFormatException malformedButPresent) {
                return true;
            }
        }

        /** The next non-blank record, or null at end of input. */
        RawRecord next() throws IOException {
            while (true) {
                int startLine = line;
                List<byte[]> fields = new ArrayList<>();
                ByteArrayOutputStream field = new ByteArrayOutputStream();
                boolean quoted = false;
                boolean fieldWasQuoted = false;
                int b = read();
                if (b == -1) {
                    return null;
                }
                while (true) {
                    if (quoted) {
                        if (b == -1) {
                            throw new SampleFormatException(startLine, "a quoted field is never closed");
                        }
                        if (b == '"') {
                            int after = read();
                            if (after == '"') {
                                append(field, '"');
                            } else {
                                quoted = false;
                                if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                                    throw new SampleFormatException(line, "text after a closing quote");
                                }
                                b = after;
                                continue;
                            }
                        } else {
                            if (b == '\n') {
                                line++;
                            }
                            append(field, b);
                        }
                    } else if (b == ',' || b == '\n' || b == '\r' || b == -1) {
                        fields.add(field.toByteArray());
                        field.reset();
                        if (b != ',') {
                            endOfLine(b);
                            boolean blank = fields.size() == 1 && fields.get(0).length == 0 && !fieldWasQuoted;
                            if (blank) {
                                break;
                            }
                            return new RawRecord(startLine, fields);
                        }
                        fieldWasQuoted = false;
                    } else if (b == '"') {
                        if (field.size() > 0) {
                            throw new SampleFormatException(line, "a quote inside an unquoted field");
                        }
                        quoted = true;
                        fieldWasQuoted = true;
                    } else if (b == 0) {
                        throw new SampleFormatException(line, "a NUL byte: not a text file, or UTF-16 (save as UTF-8)");
                    } else {
                        append(field, b);
                    }
                    b = read();
                }
            }
        }

        private void endOfLine(int b) throws IOException {
            if (b == '\r') {
                int after = read();
                if (after != '\n') {
                    pushedBack = after;
                }
            }
            if (b != -1) {
                line++;
            }
        }

        private void append(ByteArrayOutputStream field, int b) throws SampleFormatException {
            if (field.size() >= MAX_FIELD_BYTES) {
                throw new SampleFormatException(line, "a field longer than " + MAX_FIELD_BYTES + " bytes");
            }
            field.write(b);
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int b = pushedBack;
                pushedBack = -2;
                return b;
            }
            return in.read();
        }
    }
}
