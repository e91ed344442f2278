package dev.cascade.node.exchange.source;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.cascade.protocol.catalog.SourceKind;

/**
 * How this node reaches the data of one resource. Node-local, never cascaded: it may hold
 * credentials, which {@link SourceConfigJson} keeps apart from the rest so they are never shown.
 */
public sealed interface SourceConfig {

    /** The catalog's name for this kind of source (the descriptor's {@code source}). */
    SourceKind kind();

    /** A file the provider uploaded, stored under the node's data directory. */
    record UploadedFile(FileFormat format, TextEncoding encoding, String fileName, long bytes, String sha256,
                        long rowCount) implements SourceConfig {
        @Override
        public SourceKind kind() {
            return SourceKind.UPLOAD;
        }
    }

    /**
     * A department API: GET {@code url} with {@code headers} (their values are secrets, such as an
     * API key); the response is a JSON array of objects, or an object whose member
     * {@code recordsMember} is that array.
     */
    record HttpApi(URI url, Map<String, String> headers, Optional<String> recordsMember, Duration timeout)
            implements SourceConfig {
        public HttpApi {
            headers = Map.copyOf(headers);
        }

        @Override
        public SourceKind kind() {
            return SourceKind.HTTP;
        }

        @Override
        public String toString() {
            // Header values are secrets (API keys); only their names may reach a log line.
            return "HttpApi[" + url + ", headers " + headers.keySet() + "]";
        }
    }

    /**
     * The department endpoint behind a data service (接口): one GET of {@code url} per call, with the
     * call's checked parameters as its query string and {@code headers} (secret values) added; the
     * answer is a JSON object, or an object whose member {@code resultMember} is that object. The
     * URL is fixed here; a caller only ever supplies parameter values.
     */
    record ServiceEndpoint(URI url, Map<String, String> headers, Optional<String> resultMember, Duration timeout)
            implements SourceConfig {
        public ServiceEndpoint {
            headers = Map.copyOf(headers);
        }

        @Override
        public SourceKind kind() {
            return SourceKind.SERVICE;
        }

        @Override
        public String toString() {
            return "ServiceEndpoint[" + url + ", headers " + headers.keySet() + "]";
        }
    }

    /**
     * A PostgreSQL table or view ({@code table}, optionally schema-qualified) or a fixed query the
     * provider wrote ({@code query}); exactly one of the two. A table may name its {@code updateColumn}
     * (a column whose value grows whenever a row is written, such as a modification time or a
     * sequence): a subscription then receives only the rows whose value passed the last increment's.
     */
    record PostgresTable(String host, int port, String database, String user, String password, PgSslMode sslMode,
                         Optional<String> table, Optional<String> query, Optional<String> updateColumn, Duration timeout)
            implements SourceConfig {
        @Override
        public SourceKind kind() {
            return SourceKind.POSTGRES;
        }

        @Override
        public String toString() {
            // Records print every component; the password must not reach a log line.
            return "PostgresTable[" + user + "@" + host + ":" + port + "/" + database + ", " + table.orElse("(query)") + "]";
        }
    }

    /** libpq's ssl modes that make sense for a server-side client. */
    enum PgSslMode {
        /** Plain TCP. */
        DISABLE("disable"),
        /** TLS, certificate not verified (libpq's require). */
        REQUIRE("require"),
        /** TLS, certificate verified against the JVM's trust store and the host name checked. */
        VERIFY_FULL("verify-full");

        private final String token;

        PgSslMode(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static PgSslMode fromToken(String token) {
            for (PgSslMode m : values()) {
                if (m.token.equals(token)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("sslMode must be one of disable, require, verify-full, not '" + token + "'");
        }
    }
}
