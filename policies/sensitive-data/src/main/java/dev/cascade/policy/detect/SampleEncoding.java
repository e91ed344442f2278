package dev.cascade.policy.detect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The character encoding of a sample file. */
public enum SampleEncoding {
    /** UTF-8 (a byte-order mark is allowed and removed). */
    UTF_8(StandardCharsets.UTF_8),
    /**
     * GBK, as exported by Excel and most government systems on Chinese Windows. Decoded as GB 18030,
     * its superset, so that rare characters in names (生僻字) a GB 18030 system wrote survive.
     */
    GBK(Charset.forName("GB18030")),
    /** UTF-8 if every sampled byte decodes as UTF-8, otherwise GBK. */
    AUTO(null);

    private final Charset charset;

    SampleEncoding(Charset charset) {
        this.charset = charset;
    }

    /** The decoder's charset; null for {@link #AUTO}, which picks one of the others. */
    Charset charset() {
        return charset;
    }
}
