package dev.cascade.node.exchange.source;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import dev.cascade.policy.detect.SampleEncoding;

/**
 * The encodings an uploaded file may be in. GBK is decoded as GB 18030, its superset, as the
 * sensitive-data classifier does ({@link SampleEncoding#GBK}), so that rare characters a GB 18030
 * system wrote survive.
 */
public enum TextEncoding {
    UTF_8("utf-8", StandardCharsets.UTF_8),
    GBK("gbk", Charset.forName("GB18030"));

    private final String token;
    private final Charset charset;

    TextEncoding(String token, Charset charset) {
        this.token = token;
        this.charset = charset;
    }

    public String token() {
        return token;
    }

    Charset charset() {
        return charset;
    }

    /**
     * The encoding an uploader declared ({@code charset} parameter), or empty for "detect it":
     * a missing parameter or {@code auto}. Tokens as {@link SampleEncoding} reads them, plus the
     * usual aliases of Content-Type headers (utf8, gb2312, gb18030).
     */
    public static Optional<TextEncoding> declared(String charsetParameter) {
        if (charsetParameter == null || charsetParameter.isBlank()) {
            return Optional.empty();
        }
        String t = charsetParameter.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        switch (t) {
            case "utf8":
                return Optional.of(UTF_8);
            case "gb2312", "gb18030", "cp936", "x-gbk":
                return Optional.of(GBK);
            default:
                break;
        }
        SampleEncoding known = SampleEncoding.fromToken(t);
        return switch (known) {
            case UTF_8 -> Optional.of(UTF_8);
            case GBK -> Optional.of(GBK);
            case AUTO -> Optional.empty();
        };
    }

    public static TextEncoding fromToken(String token) {
        for (TextEncoding e : values()) {
            if (e.token.equals(token)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown stored encoding " + token);
    }
}
