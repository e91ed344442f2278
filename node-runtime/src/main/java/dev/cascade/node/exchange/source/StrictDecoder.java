package dev.cascade.node.exchange.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes a byte stream and refuses malformed input, but only after handing out every character
 * decoded before it. {@link java.io.InputStreamReader} throws as soon as a chunk holds a bad byte,
 * losing the good characters of that chunk; a parser on top of it would then name a line up to a
 * chunk too early. Here the parser has consumed everything before the bad bytes, so its line count
 * is exactly the line they are on.
 */
final class StrictDecoder extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private boolean eof;
    private boolean flushed;
    private CoderResult error;

    StrictDecoder(InputStream in, TextEncoding encoding) {
        this.in = in;
        this.decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (error != null) {
                throw new CharacterCodingException();
            }
            if (flushed) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, chars.remaining());
        chars.get(target, off, n);
        return n;
    }

    private void fill() throws IOException {
        chars.clear();
        if (!eof) {
            bytes.compact();
            int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        CoderResult result = decoder.decode(bytes, chars, eof);
        if (result.isError()) {
            error = result;
        } else if (eof && result.isUnderflow()) {
            decoder.flush(chars);
            flushed = true;
        }
        chars.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
