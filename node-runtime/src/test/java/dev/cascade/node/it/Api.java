package dev.cascade.node.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/** A department system calling a node's REST API with its JWT. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, JsonNode body, String raw) {
    }

    /** The node did not answer (down, restarting, a link cut on the way): callers that expect this catch it. */
    public static final class Unreachable extends AssertionError {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final NodeProcess node;
    private final String token;

    public Api(NodeProcess node, String token) {
        this.node = node;
        this.token = token;
    }

    /** Adds a department at the node and returns an API client holding a token with these roles. */
    public static Api department(NodeProcess node, String dept, String roles) {
        NodeProcess.cli("dept", "add", "--id", dept, "--name", "Department " + dept, "--data-dir", node.dataDir.toString());
        String token = NodeProcess.cliOk("dept", "token", "--dept", dept, "--roles", roles, "--data-dir", node.dataDir.toString()).out();
        return new Api(node, token);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply putBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Search hits of the node's visible catalog for a keyword. */
    public JsonNode search(String keyword) {
        Reply r = get("/api/v1/catalog/search?limit=200&q=" + URLEncoder.encode(keyword, StandardCharsets.UTF_8));
        if (r.status() != 200) {
            throw new AssertionError("search at " + node.dataDir.getFileName() + " failed: " + r.status() + " " + r.raw());
        }
        return r.body().path("items");
    }

    public boolean sees(String keyword, String resourceId) {
        for (JsonNode hit : search(keyword)) {
            if (hit.path("id").asText().equals(resourceId)) {
                return true;
            }
        }
        return false;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort + path);
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = r.body().isBlank() ? NodeProcess.JSON.createObjectNode() : parse(r.body());
            return new Reply(r.statusCode(), body, r.body());
        } catch (IOException e) {
            throw new Unreachable("node in " + node.dataDir.getFileName() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return NodeProcess.JSON.readTree(s);
        } catch (IOException e) {
            return NodeProcess.JSON.createObjectNode().put("unparsed", s);
        }
    }

    /** A valid registration body; {@code scope} node|province|national. */
    public static String resource(String id, String title, String scope) {
        return """
                {"id":"%s","title":"%s","abstract":"%s 的登记信息，供跨层级共享","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"uscc","type":"string","description":"统一社会信用代码","sensitiveType":"social-credit-code","level":"L1"},
                              {"name":"企业名称","type":"string","description":"名称","level":"L1"}],
                 "level":"L2","sharingType":"conditional","sharingCondition":"用于行政审批","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"%s","source":"upload"}
                """.formatted(id, title, title, scope);
    }
}
