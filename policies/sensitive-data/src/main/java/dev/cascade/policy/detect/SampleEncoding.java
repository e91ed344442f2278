package dev.cascade.policy.detect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The character encoding of a sample file. */
public enum SampleEncoding {
    /** UTF-8 (a byte-order mark is allowed and removed). */
    UTF_8("utf-8", StandardCharsets.UTF_8),
    /**
     * GBK, as exported by Excel and most government systems on Chinese Windows. Decoded as GB 18030,
     * its superset, so that rare characters in names (生僻字) a GB 18030 system wrote survive.
     */
    GBK("gbk", Charset.forName("GB18030")),
    /** UTF-8 if every sampled byte decodes as UTF-8, otherwise GBK. */
    AUTO("auto", null);

    private final String token;
    private final Charset charset;

    SampleEncoding(String token, Charset charset) {
        this.token = token;
        this.charset = charset;
    }

    /** "utf-8", "gbk" or "auto", as a command-line option spells it. */
    public String token() {
        return token;
    }

    /** Parses a token case-insensitively ("UTF-8" and "GBK" are how people write them). */
    public static SampleEncoding fromToken(String token) {
        for (SampleEncoding encoding : values()) {
            if (encoding.token.equalsIgnoreCase(token)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown encoding " + (token == null ? "(missing)" : "'" + token + "'")
                + "; known: utf-8, gbk, auto");
    }

    /** The decoder's charset; null for {@link #AUTO}, which picks one of the others. */
    Charset charset() {
        return charset;
    }
}
