package dev.cascade.node.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.NodeSettings;

/**
 * Calls the admin API of the node that lives in a data directory, with a short-lived operator
 * token minted from that directory's admin key.
 */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final NodeSettings settings;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    AdminClient(Path dataDir) {
        this.dataDir = dataDir;
        this.settings = NodeStoreGuard.requireNode(dataDir);
    }

    NodeSettings settings() {
        return settings;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, ObjectNode body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Posts raw bytes (a pack file) with the given media type. */
    JsonNode post(String path, byte[] body, String mediaType) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", mediaType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private URI uri(String path) {
        return URI.create("http://" + settings.httpEndpoint() + path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        String token = TokenSigningKey.mintToken(dataDir, settings.region(), "operator@" + System.getProperty("user.name", "local"),
                Duration.ofMinutes(2));
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new NotRunning("node " + settings.region() + " is not running (nothing answers on " + settings.httpEndpoint() + ")");
        } catch (IOException e) {
            throw new CliFailure("cannot reach node " + settings.region() + " at " + settings.httpEndpoint() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure("node answered " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() >= 400) {
            String detail = body.path("detail").asText(body.path("title").asText("HTTP " + response.statusCode()));
            throw new CliFailure(detail.isBlank() ? "HTTP " + response.statusCode() : detail);
        }
        return body;
    }

    /** The node is not running; {@code status} reports that rather than failing. */
    static final class NotRunning extends CliFailure {
        NotRunning(String message) {
            super(message);
        }
    }
}
