package dev.cascade.node.supervision.trace;

import dev.cascade.node.exchange.source.FileFormat;
import dev.cascade.node.exchange.source.TextEncoding;
import dev.cascade.node.problem.ProblemException;
import java.util.Locale;
import java.util.Optional;

/** A leaked file's format and declared encoding, from its Content-Type as uploads read it. */
record TraceMedia(FileFormat format, Optional<TextEncoding> encoding) {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";
    static final String JSONL = "application/jsonl";

    static TraceMedia of(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        FileFormat format = FileFormat.ofMediaType(parts[0].trim()).orElseThrow(() -> new ProblemException(415,
                "Unsupported Media Type", "send the leaked file as text/csv or application/x-ndjson, not " + contentType));
        Optional<TextEncoding> encoding = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
                try {
                    encoding = TextEncoding.declared(kv[1]);
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(415, "Unsupported Media Type",
                            "charset " + kv[1].trim() + " is not accepted: declare UTF-8 or GBK, or leave it out");
                }
            }
        }
        return new TraceMedia(format, encoding);
    }
}
