package dev.cascade.node.exchange.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.exchange.source.SourceConfig.HttpApi;
import dev.cascade.node.exchange.source.SourceConfig.PgSslMode;
import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import dev.cascade.node.exchange.source.SourceConfig.ServiceEndpoint;
import dev.cascade.node.exchange.source.SourceConfig.UploadedFile;
import dev.cascade.protocol.catalog.SourceKind;
import dev.cascade.protocol.catalog.Violation;

/**
 * The JSON forms of a {@link SourceConfig}: as a provider sends it, as it is stored (the public part
 * and the secrets in separate columns), and as it is shown (never with a secret).
 *
 * <pre>
 * {"kind":"http","url":"https://api.example.gov.cn/v1/licences","headers":{"X-Api-Key":"…"},
 *  "recordsMember":"data","timeoutSeconds":30}
 * {"kind":"postgres","host":"db.internal","port":5432,"database":"licences","user":"cascade_reader",
 *  "password":"…","sslMode":"require","table":"public.licence_view","timeoutSeconds":30}
 * {"kind":"postgres", …, "query":"select id, name from licence where valid"}
 * {"kind":"postgres", …, "table":"public.licence","updateColumn":"modified_at"}
 * {"kind":"service","url":"http://id-check.internal/v1/verify","headers":{"X-Api-Key":"…"},"timeoutMillis":2000}
 * </pre>
 */
public final class SourceConfigJson {

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_CALL_TIMEOUT_MILLIS = 2_000;
    static final int MAX_CALL_TIMEOUT_MILLIS = 30_000;
    /** One part of a table name: letters (also Chinese), digits, underscore, dollar; quoted when used. */
    static final Pattern IDENTIFIER = Pattern.compile("^[\\p{L}_][\\p{L}\\p{N}_$]{0,62}$");
    static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");

    private SourceConfigJson() {
    }

    /** A provider's configuration, or every problem with it, each naming its field. */
    public record Reading(SourceConfig config, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /** Stored form: the public part and the secrets, both JSON objects. */
    record Stored(String kind, String config, String secrets) {
    }

    public static Reading read(JsonNode json) {
        List<Violation> v = new ArrayList<>();
        if (json == null || !json.isObject()) {
            return new Reading(null, List.of(new Violation("", "the body must be a JSON object")));
        }
        String kind = text(json, "kind");
        if (kind == null) {
            v.add(new Violation("kind", "required: http, postgres or service"));
            return new Reading(null, v);
        }
        SourceConfig config = switch (kind) {
            case "http" -> http(json, v);
            case "postgres" -> postgres(json, v);
            case "service" -> service(json, v);
            case "file", "upload" -> {
                v.add(new Violation("kind", "a file is configured by uploading it: PUT /api/v1/resources/{id}/data"
                        + " with Content-Type text/csv or application/x-ndjson"));
                yield null;
            }
            default -> {
                v.add(new Violation("kind", "must be http, postgres or service, not '" + kind + "'"));
                yield null;
            }
        };
        return new Reading(v.isEmpty() ? config : null, v);
    }

    private static HttpApi http(JsonNode json, List<Violation> v) {
        allowOnly(json, v, "kind", "url", "headers", "recordsMember", "timeoutSeconds");
        URI url = url(json, v);
        Map<String, String> headers = headers(json, v);
        String member = text(json, "recordsMember");
        if (member != null && member.isEmpty()) {
            v.add(new Violation("recordsMember", "must not be empty (leave it out when the response is an array)"));
        }
        Duration timeout = timeout(json, v);
        return url == null ? null : new HttpApi(url, headers, Optional.ofNullable(member), timeout);
    }

    /** A call waits for its endpoint in milliseconds, not the seconds a bulk pull may take. */
    private static ServiceEndpoint service(JsonNode json, List<Violation> v) {
        allowOnly(json, v, "kind", "url", "headers", "resultMember", "timeoutMillis");
        URI url = url(json, v);
        if (url != null && url.getRawQuery() != null) {
            v.add(new Violation("url", "must not carry a query string: each call's parameters become the query"));
        }
        Map<String, String> headers = headers(json, v);
        String member = text(json, "resultMember");
        if (member != null && member.isEmpty()) {
            v.add(new Violation("resultMember", "must not be empty (leave it out when the response is the result object)"));
        }
        Duration timeout = Duration.ofMillis(DEFAULT_CALL_TIMEOUT_MILLIS);
        if (json.has("timeoutMillis")) {
            JsonNode t = json.get("timeoutMillis");
            if (!t.canConvertToInt() || t.asInt() < 50 || t.asInt() > MAX_CALL_TIMEOUT_MILLIS) {
                v.add(new Violation("timeoutMillis", "must be a whole number of milliseconds between 50 and "
                        + MAX_CALL_TIMEOUT_MILLIS));
            } else {
                timeout = Duration.ofMillis(t.asInt());
            }
        }
        return url == null ? null : new ServiceEndpoint(url, headers, Optional.ofNullable(member), timeout);
    }

    private static URI url(JsonNode json, List<Violation> v) {
        String text = text(json, "url");
        if (text == null) {
            v.add(new Violation("url", "required"));
            return null;
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                v.add(new Violation("url", "must be an absolute http or https URL"));
            } else if (url.getRawUserInfo() != null) {
                v.add(new Violation("url", "must not carry credentials; put them in a header, which is kept secret"));
            }
            return url;
        } catch (URISyntaxException e) {
            v.add(new Violation("url", "not a URL: " + e.getReason()));
            return null;
        }
    }

    private static Map<String, String> headers(JsonNode json, List<Violation> v) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = json.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                v.add(new Violation("headers", "must be an object of header names to values"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                        v.add(new Violation("headers." + e.getKey(), "not a valid header name"));
                    } else if (!e.getValue().isTextual() || e.getValue().asText().chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                        v.add(new Violation("headers." + e.getKey(), "must be a string without control characters"));
                    } else {
                        headers.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
        }
        return headers;
    }

    private static PostgresTable postgres(JsonNode json, List<Violation> v) {
        allowOnly(json, v, "kind", "host", "port", "database", "user", "password", "sslMode", "table", "query", "updateColumn",
                "timeoutSeconds");
        String host = required(json, "host", v);
        int port = 5432;
        if (json.has("port")) {
            if (!json.get("port").canConvertToInt() || json.get("port").asInt() < 1 || json.get("port").asInt() > 65535) {
                v.add(new Violation("port", "must be a number between 1 and 65535"));
            } else {
                port = json.get("port").asInt();
            }
        }
        String database = required(json, "database", v);
        String user = required(json, "user", v);
        String password = json.hasNonNull("password") ? json.get("password").asText() : "";
        PgSslMode ssl = PgSslMode.DISABLE;
        if (json.hasNonNull("sslMode")) {
            try {
                ssl = PgSslMode.fromToken(json.get("sslMode").asText());
            } catch (IllegalArgumentException e) {
                v.add(new Violation("sslMode", e.getMessage()));
            }
        }
        String table = text(json, "table");
        String query = text(json, "query");
        if ((table == null) == (query == null)) {
            v.add(new Violation("table", "give exactly one of table (a table or view name) and query (a fixed SELECT)"));
        }
        if (table != null) {
            String[] parts = table.split("\\.", -1);
            if (parts.length > 2 || Arrays.stream(parts).anyMatch(p -> !IDENTIFIER.matcher(p).matches())) {
                v.add(new Violation("table", "must be a table or view name, optionally schema.name, of letters, digits and"
                        + " underscores"));
            }
        }
        if (query != null) {
            String q = query.strip();
            if (q.endsWith(";")) {
                q = q.substring(0, q.length() - 1).strip();
            }
            String head = q.length() < 6 ? q : q.substring(0, 6);
            if (!head.toLowerCase(Locale.ROOT).startsWith("select") && !head.toLowerCase(Locale.ROOT).startsWith("with")) {
                v.add(new Violation("query", "must be a single SELECT (or WITH … SELECT) statement"));
            } else if (q.contains(";")) {
                v.add(new Violation("query", "must be a single statement (no ';' inside)"));
            }
            query = q;
        }
        String updateColumn = text(json, "updateColumn");
        if (updateColumn != null) {
            if (table == null) {
                v.add(new Violation("updateColumn", "only a table or view has an update column (a query's rows cannot be"
                        + " read since a mark)"));
            } else if (!IDENTIFIER.matcher(updateColumn).matches()) {
                v.add(new Violation("updateColumn", "must be a column name of letters, digits and underscores"));
            }
        }
        Duration timeout = timeout(json, v);
        return new PostgresTable(host, port, database, user, password, ssl, Optional.ofNullable(table),
                Optional.ofNullable(query), Optional.ofNullable(updateColumn), timeout);
    }

    private static Duration timeout(JsonNode json, List<Violation> v) {
        if (!json.has("timeoutSeconds")) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        JsonNode t = json.get("timeoutSeconds");
        if (!t.canConvertToInt() || t.asInt() < 1 || t.asInt() > MAX_TIMEOUT_SECONDS) {
            v.add(new Violation("timeoutSeconds", "must be a whole number of seconds between 1 and " + MAX_TIMEOUT_SECONDS));
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        return Duration.ofSeconds(t.asInt());
    }

    // ---------------------------------------------------------------- stored and shown forms

    static Stored store(SourceConfig config) {
        ObjectNode pub = JsonRecords.JSON.createObjectNode();
        ObjectNode secret = JsonRecords.JSON.createObjectNode();
        if (config instanceof UploadedFile f) {
            pub.put("format", f.format().token()).put("encoding", f.encoding().token())
                    .put("fileName", f.fileName()).put("bytes", f.bytes()).put("sha256", f.sha256())
                    .put("rowCount", f.rowCount());
        } else if (config instanceof HttpApi h) {
            pub.put("url", h.url().toString());
            h.recordsMember().ifPresent(m -> pub.put("recordsMember", m));
            pub.put("timeoutSeconds", h.timeout().toSeconds());
            ObjectNode headers = secret.putObject("headers");
            h.headers().forEach(headers::put);
        } else if (config instanceof ServiceEndpoint e) {
            pub.put("url", e.url().toString());
            e.resultMember().ifPresent(m -> pub.put("resultMember", m));
            pub.put("timeoutMillis", e.timeout().toMillis());
            ObjectNode headers = secret.putObject("headers");
            e.headers().forEach(headers::put);
        } else if (config instanceof PostgresTable p) {
            pub.put("host", p.host()).put("port", p.port()).put("database", p.database()).put("user", p.user())
                    .put("sslMode", p.sslMode().token());
            p.table().ifPresent(t -> pub.put("table", t));
            p.query().ifPresent(q -> pub.put("query", q));
            p.updateColumn().ifPresent(c -> pub.put("updateColumn", c));
            pub.put("timeoutSeconds", p.timeout().toSeconds());
            secret.put("password", p.password());
        }
        return new Stored(config.kind().wire(), pub.toString(), secret.toString());
    }

    static SourceConfig load(Stored stored) {
        try {
            JsonNode pub = JsonRecords.JSON.readTree(stored.config());
            JsonNode secret = JsonRecords.JSON.readTree(stored.secrets());
            return switch (SourceKind.fromWire(stored.kind())) {
                case UPLOAD -> new UploadedFile(FileFormat.fromToken(pub.get("format").asText()),
                        TextEncoding.fromToken(pub.get("encoding").asText()), pub.get("fileName").asText(),
                        pub.get("bytes").asLong(), pub.get("sha256").asText(), pub.get("rowCount").asLong());
                case HTTP -> new HttpApi(URI.create(pub.get("url").asText()), storedHeaders(secret),
                        Optional.ofNullable(pub.path("recordsMember").textValue()),
                        Duration.ofSeconds(pub.path("timeoutSeconds").asLong(DEFAULT_TIMEOUT_SECONDS)));
                case SERVICE -> new ServiceEndpoint(URI.create(pub.get("url").asText()), storedHeaders(secret),
                        Optional.ofNullable(pub.path("resultMember").textValue()),
                        Duration.ofMillis(pub.path("timeoutMillis").asLong(DEFAULT_CALL_TIMEOUT_MILLIS)));
                case POSTGRES -> new PostgresTable(pub.get("host").asText(), pub.get("port").asInt(),
                        pub.get("database").asText(), pub.get("user").asText(), secret.path("password").asText(""),
                        PgSslMode.fromToken(pub.get("sslMode").asText()),
                        Optional.ofNullable(pub.path("table").textValue()), Optional.ofNullable(pub.path("query").textValue()),
                        Optional.ofNullable(pub.path("updateColumn").textValue()),
                        Duration.ofSeconds(pub.path("timeoutSeconds").asLong(DEFAULT_TIMEOUT_SECONDS)));
            };
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED, "the stored source configuration is unreadable: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, String> storedHeaders(JsonNode secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        secret.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    /** The configuration as a provider may see it again: secrets replaced by whether they are set. */
    static ObjectNode shown(SourceConfig config) {
        ObjectNode shown = (ObjectNode) readUnchecked(store(config).config());
        shown.put("kind", config.kind() == SourceKind.UPLOAD ? "file" : config.kind().wire());
        if (config instanceof HttpApi h) {
            shown.putArray("headers").addAll(h.headers().keySet().stream().sorted()
                    .map(JsonRecords.JSON.getNodeFactory()::textNode).toList());
        } else if (config instanceof ServiceEndpoint e) {
            shown.putArray("headers").addAll(e.headers().keySet().stream().sorted()
                    .map(JsonRecords.JSON.getNodeFactory()::textNode).toList());
        } else if (config instanceof PostgresTable p) {
            shown.put("passwordSet", !p.password().isEmpty());
        }
        return shown;
    }

    private static JsonNode readUnchecked(String json) {
        try {
            return JsonRecords.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void allowOnly(JsonNode json, List<Violation> v, String... names) {
        List<String> allowed = List.of(names);
        json.fieldNames().forEachRemaining(n -> {
            if (!allowed.contains(n)) {
                v.add(new Violation(n, "unknown member (known: " + String.join(", ", allowed) + ")"));
            }
        });
    }

    private static String required(JsonNode json, String field, List<Violation> v) {
        String t = text(json, field);
        if (t == null || t.isBlank()) {
            v.add(new Violation(field, "required"));
            return "";
        }
        return t;
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
