package dev.cascade.node.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.SourceConfig.ServiceEndpoint;
import dev.cascade.proto.exchange.v1.CallOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls the department endpoint behind a data service: one GET with the checked parameters as the
 * query, the configured secret headers, and the service's timeout. Never retried: a slow or failed
 * endpoint gets one call per caller's call, and the caller a clear answer within the timeout.
 *
 * <p>The calls go through a Vert.x client on the node's event loops, with pooled keep-alive
 * connections. The JDK's HttpClient was dropped here: on a machine with two cores it completed each
 * asynchronous response on a thread of its own, one new thread per call.
 */
@ApplicationScoped
public class ServiceEndpoints {

    /** How long a service's configuration is used before it is read again. */
    private static final Duration CONFIG_FRESH_FOR = Duration.ofSeconds(5);
    static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the endpoint said: a JSON object, or the outcome that stands for its failure. */
    public record Reply(CallOutcome outcome, JsonNode result, String reason) {
        static Reply failed(CallOutcome outcome, String reason) {
            return new Reply(outcome, null, reason);
        }
    }

    private record Cached(DataSources.Service service, long until) {
    }

    /** An answer larger than {@link #MAX_ANSWER_BYTES}: the read stops there. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("the endpoint's answer exceeds " + MAX_ANSWER_BYTES + " bytes", null);
        }
    }

    @Inject
    DataSources sources;
    @Inject
    Vertx vertx;

    private volatile HttpClient http;
    private volatile Context context;
    private final ConcurrentHashMap<String, Cached> services = new ConcurrentHashMap<>();

    void stop(@Observes ShutdownEvent stop) {
        HttpClient client = http;
        if (client != null) {
            client.close();
        }
    }

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

    /**
     * One GET of the endpoint with {@code params} (already checked against the service's
     * declaration). The stage completes on an event loop, within the endpoint's timeout.
     */
    public CompletableFuture<Reply> call(ServiceEndpoint endpoint, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setFollowRedirects(false)
                .setAbsoluteURI(endpoint.url() + (query.length() == 0 ? "" : "?" + query))
                .putHeader("Accept", "application/json");
        endpoint.headers().forEach(options::putHeader);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timeoutMs = Math.max(1, endpoint.timeout().toMillis());
        // One deadline for the whole call (connect, send, answer), not an idle timeout per read.
        Context on = context();
        long timer = vertx.setTimer(timeoutMs, id -> {
            if (reply.complete(Reply.failed(CallOutcome.ENDPOINT_TIMEOUT, "the endpoint did not answer within " + timeoutMs + " ms"))) {
                on.runOnContext(v -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                });
            }
        });
        // All of a call runs on one context: a response's handlers are then set before its body can
        // arrive. Started from a call's own thread, the answer could end before they were set.
        on.runOnContext(v -> http.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send();
                })
                .compose(response -> bounded(response).map(body -> read(endpoint, response.statusCode(), body)))
                .onComplete(done -> {
                    vertx.cancelTimer(timer);
                    reply.complete(done.succeeded() ? done.result() : failure(done.cause()));
                }));
        return reply;
    }

    /** The client and the event-loop context every endpoint call runs on, made on first use. */
    private Context context() {
        Context on = context;
        if (on == null) {
            synchronized (this) {
                if (context == null) {
                    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                            .setConnectTimeout(CONNECT_TIMEOUT_MS).setVerifyHost(true));
                    context = vertx.getOrCreateContext();
                }
                on = context;
            }
        }
        return on;
    }

    /** The answer's bytes, failing with {@link TooLarge} (and dropping the connection) past the limit. */
    private static Future<Buffer> bounded(HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        Buffer read = Buffer.buffer();
        response.handler(chunk -> {
            if (read.length() + chunk.length() > MAX_ANSWER_BYTES) {
                body.tryFail(new TooLarge()); // before the reset, whose own failure must not win
                response.request().reset();
            } else {
                read.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(end -> body.tryComplete(read));
        return body.future();
    }

    private static Reply read(ServiceEndpoint endpoint, int status, Buffer body) {
        if (status == 404) {
            return Reply.failed(CallOutcome.NOT_FOUND, "the endpoint has no record for these parameters");
        }
        if (status < 200 || status > 299) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint answered HTTP " + status);
        }
        try {
            JsonNode json = JSON.readTree(body.getBytes());
            // A declared member that is absent is a failure, not a reason to take the whole answer.
            JsonNode result = json == null ? null : endpoint.resultMember().isPresent() ? json.get(endpoint.resultMember().get()) : json;
            if (result == null || !result.isObject()) {
                return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint's answer is not a JSON object"
                        + endpoint.resultMember().map(m -> " with an object member '" + m + "'").orElse(""));
            }
            return new Reply(CallOutcome.ANSWERED, result, "");
        } catch (IOException e) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint's answer is not JSON");
        }
    }

    private static Reply failure(Throwable e) {
        if (e instanceof TooLarge) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, e.getMessage());
        }
        if (e instanceof ConnectException) {
            return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint is unreachable (" + e.getMessage() + ")");
        }
        return Reply.failed(CallOutcome.ENDPOINT_FAILED, "the endpoint call failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
}
