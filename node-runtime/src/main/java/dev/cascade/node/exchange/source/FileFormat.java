package dev.cascade.node.exchange.source;

import java.util.Locale;
import java.util.Optional;

/** The formats a provider may upload, by the media type of the upload. */
public enum FileFormat {
    /** RFC 4180 CSV with a header row ({@code text/csv}). */
    CSV("csv"),
    /** One JSON object per line ({@code application/x-ndjson}, {@code application/jsonl}). */
    JSON_LINES("jsonl");

    private final String token;

    FileFormat(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static FileFormat fromToken(String token) {
        for (FileFormat f : values()) {
            if (f.token.equals(token)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown file format " + token);
    }

    /** The format a media type (without parameters) names, if any. */
    public static Optional<FileFormat> ofMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        return switch (mediaType.trim().toLowerCase(Locale.ROOT)) {
            case "text/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines" ->
                    Optional.of(JSON_LINES);
            default -> Optional.empty();
        };
    }
}
