package dev.cascade.node.exchange.source;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * Characters of an uploaded file with the physical line they are on (1-based), for parsers that
 * must name the line of a problem. A UTF-8 byte-order mark is skipped; line ends are LF, CRLF or
 * a lone CR. A byte sequence that is not valid in the encoding is a {@link SourceFailure} of
 * reason BAD_ENCODING naming its line.
 */
final class CharInput implements Closeable {

    static final int EOF = -1;

    private final Reader reader;
    private final TextEncoding encoding;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int line = 1;
    private boolean lastWasCr;

    private CharInput(Reader reader, TextEncoding encoding) {
        this.reader = reader;
        this.encoding = encoding;
    }

    /**
     * Opens {@code in} in {@code encoding}. A UTF-8 byte-order mark is skipped; in a file declared
     * GBK it means the declaration is wrong, which is refused rather than decoded as three
     * nonsense characters in the first column name.
     */
    static CharInput open(InputStream raw, TextEncoding encoding) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(3);
        boolean bom = in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF;
        if (!bom) {
            in.reset();
        } else if (encoding == TextEncoding.GBK) {
            in.close();
            throw new SourceFailure(SourceFailure.Reason.BAD_ENCODING,
                    "line 1: the file starts with a UTF-8 byte-order mark but was declared GBK");
        }
        return new CharInput(new StrictDecoder(in, encoding), encoding);
    }

    /** The next character, or {@link #EOF}; line ends are counted as they are read. */
    int read() throws IOException {
        if (position == limit) {
            try {
                limit = reader.read(buffer, 0, buffer.length);
            } catch (CharacterCodingException e) {
                throw new SourceFailure(SourceFailure.Reason.BAD_ENCODING, "line " + line + ": bytes that are not valid "
                        + (encoding == TextEncoding.UTF_8 ? "UTF-8" : "GBK"), e);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        char c = buffer[position++];
        if (c == '\n') {
            if (!lastWasCr) {
                line++;
            }
        } else if (c == '\r') {
            line++;
        }
        lastWasCr = c == '\r';
        return c;
    }

    /** The line the next character is on. */
    int line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
