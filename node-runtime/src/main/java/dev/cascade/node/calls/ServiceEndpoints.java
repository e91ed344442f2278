package dev.cascade.node.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.SourceConfig.ServiceEndpoint;
import dev.cascade.proto.exchange.v1.CallOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls the department endpoint behind a data service: one GET with the checked parameters as the
 * query, the configured secret headers, and the service's timeout. Never retried: a slow or failed
 * endpoint gets one call per caller's call, and the caller a clear answer within the timeout.
 */
@ApplicationScoped
public class ServiceEndpoints {

    /** How long a service's configuration is used before it is read again. */
    private static final Duration CONFIG_FRESH_FOR = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the endpoint said: a JSON object, or the outcome that stands for its failure. */
    public record Reply(CallOutcome outcome, JsonNode result, String reason) {
        static Reply failed(CallOutcome outcome, String reason) {
            return new Reply(outcome, null, reason);
        }
    }

    private record Cached(DataSources.Service service, long until) {
    }

    @Inject
    DataSources sources;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final ConcurrentHashMap<String, Cached> services = new ConcurrentHashMap<>();

    /** The service and its endpoint as configured here (cached for a few seconds). Blocks on a miss. */
    public DataSources.Service service(String resourceId) {
        long now = System.nanoTime();
        Cached c = services.get(resourceId);
        if (c != null && now - c.until < 0) {
            return c.service;
        }
        DataSources.Service fresh = sources.service(resourceId);
        services.put(resourceId, new Cached(fresh, now + CONFIG_FRESH_FOR.toNanos()));
        return fresh;
    }

    /** One GET of the endpoint with {@code params} (already checked against the service's declaration). */
    public CompletableFuture<Reply> call(ServiceEndpoint endpoint, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(endpoint.url() + (query.length() == 0 ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(endpoint.timeout()).header("Accept", "application/json");
        endpoint.headers().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> read(endpoint, response))
                .exceptionally(e -> failure(endpoint, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
    }

    private static Reply read(ServiceEndpoint endpoint, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 404) {
            return Reply.failed(CallOutcome.NOT_FOUND, "the endpoint has no record for these parameters");
        }
        if (status < 200 || status > 299) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint answered HTTP " + status);
        }
        if (response.body().length > MAX_ANSWER_BYTES) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint's answer exceeds " + MAX_ANSWER_BYTES + " bytes");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            JsonNode result = endpoint.resultMember().map(body::get).orElse(body);
            if (result == null || !result.isObject()) {
                return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint's answer is not a JSON object"
                        + endpoint.resultMember().map(m -> " with an object member '" + m + "'").orElse(""));
            }
            return new Reply(CallOutcome.ANSWERED, result, "");
        } catch (IOException e) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint's answer is not JSON");
        }
    }

    private static Reply failure(ServiceEndpoint endpoint, Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return Reply.failed(CallOutcome.ENDPOINT_TIMEOUT, "the endpoint did not answer within " + endpoint.timeout().toMillis() + " ms");
        }
        if (e instanceof ConnectException) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint is unreachable (connection refused)");
        }
        return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint call failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
}
