package dev.cascade.node.exchange.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.cascade.node.exchange.source.SourceConfig.HttpApi;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;

/**
 * Rows pulled from a department API: one GET, the response body parsed as a stream of JSON
 * objects (Jackson's {@link JsonParser}), so a response of any size is read one record at a time.
 * A member a record lacks is null; a member the probe did not see is not part of the schema and
 * is dropped.
 */
final class HttpRows {

    private HttpRows() {
    }

    /** Pulls the whole response once: the member names in order of first appearance, and the record count. */
    static FileRows.Scan probe(HttpClient client, HttpApi api) {
        try (Records records = Records.open(client, api)) {
            Set<String> columns = new LinkedHashSet<>();
            long count = 0;
            Map<String, String> record;
            while ((record = records.next()) != null) {
                columns.addAll(record.keySet());
                count++;
            }
            return new FileRows.Scan(List.copyOf(columns), count);
        }
    }

    static RowSource open(HttpClient client, HttpApi api, List<String> columns) {
        Records records = Records.open(client, api);
        RowSchema schema = new RowSchema(columns);
        return new RowSource() {
            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public Optional<Row> next() {
                Map<String, String> record = records.next();
                if (record == null) {
                    return Optional.empty();
                }
                List<String> values = new ArrayList<>(schema.size());
                for (String column : schema.columns()) {
                    values.add(record.get(column));
                }
                return Optional.of(new Row(values));
            }

            @Override
            public void close() {
                records.close();
            }
        };
    }

    /** The objects of one response, in order. */
    private static final class Records implements AutoCloseable {
        private final String source;
        private final InputStream body;
        private final JsonParser parser;
        private int index;
        private boolean done;

        private Records(String source, InputStream body, JsonParser parser) {
            this.source = source;
            this.body = body;
            this.parser = parser;
        }

        static Records open(HttpClient client, HttpApi api) {
            String source = api.url().getHost() + (api.url().getPort() > 0 ? ":" + api.url().getPort() : "") + api.url().getRawPath();
            HttpRequest.Builder request = HttpRequest.newBuilder(api.url()).GET().timeout(api.timeout())
                    .header("Accept", "application/json");
            api.headers().forEach(request::header);
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw SourceFailure.unreachable(source + " did not answer within " + api.timeout().toSeconds() + " s", e);
            } catch (ConnectException e) {
                throw SourceFailure.unreachable("cannot connect to " + source + ": connection refused", e);
            } catch (IOException e) {
                throw SourceFailure.unreachable("cannot reach " + source + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SourceFailure.unreachable("interrupted while calling " + source, e);
            }
            InputStream body = response.body();
            if (response.statusCode() / 100 != 2) {
                closeQuietly(body);
                throw SourceFailure.unreachable(source + " answered HTTP " + response.statusCode(), null);
            }
            try {
                JsonParser parser = JsonRecords.JSON.createParser(body);
                Records records = new Records(source, body, parser);
                records.enterArray(api.recordsMember());
                return records;
            } catch (IOException | RuntimeException e) {
                closeQuietly(body);
                throw e instanceof SourceFailure f ? f : failure(source, "the response is not JSON", e);
            }
        }

        private void enterArray(Optional<String> member) throws IOException {
            JsonToken first = parser.nextToken();
            if (member.isEmpty()) {
                if (first != JsonToken.START_ARRAY) {
                    throw SourceFailure.badRecord(source + ": the response is " + JsonRecords.describe(first)
                            + ", not an array of objects");
                }
                return;
            }
            if (first != JsonToken.START_OBJECT) {
                throw SourceFailure.badRecord(source + ": the response is " + JsonRecords.describe(first)
                        + ", not an object with member '" + member.get() + "'");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(member.get())) {
                    if (value != JsonToken.START_ARRAY) {
                        throw SourceFailure.badRecord(source + ": member '" + name + "' is " + JsonRecords.describe(value)
                                + ", not an array of objects");
                    }
                    return;
                }
                parser.skipChildren();
            }
            throw SourceFailure.badRecord(source + ": the response has no member '" + member.get() + "'");
        }

        Map<String, String> next() {
            if (done) {
                return null;
            }
            String where = source + " element [" + index + "]";
            try {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    done = true;
                    return null;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw SourceFailure.badRecord(where + " is " + JsonRecords.describe(t) + ", not an object");
                }
                Map<String, String> record = JsonRecords.readObject(parser, where);
                index++;
                return record;
            } catch (JsonProcessingException e) {
                throw failure(source, "element [" + index + "] is not valid JSON (" + e.getOriginalMessage() + ")", e);
            } catch (IOException e) {
                throw SourceFailure.unreachable("the response from " + source + " broke off at element [" + index + "]: "
                        + describe(e), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(parser);
            closeQuietly(body);
        }

        private static SourceFailure failure(String source, String detail, Throwable cause) {
            return new SourceFailure(SourceFailure.Reason.BAD_RECORD, source + ": " + detail, cause);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a response we stopped reading cannot lose data.
        }
    }
}
